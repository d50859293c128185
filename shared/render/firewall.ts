import type { Renderer } from './index';

export const renderFirewall: Renderer = () => [];
