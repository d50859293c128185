import type { Renderer } from './index';

export const renderSysctl: Renderer = () => [];
