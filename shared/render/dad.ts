import type { Renderer } from './index';

export const renderDad: Renderer = () => [];
