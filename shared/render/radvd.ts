import type { Renderer } from './index';

export const renderRadvd: Renderer = () => [];
