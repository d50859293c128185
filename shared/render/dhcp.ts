import type { Renderer } from './index';

export const renderDhcp: Renderer = () => [];
