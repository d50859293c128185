import type { Renderer } from './index';

export const renderTunnel: Renderer = () => [];
