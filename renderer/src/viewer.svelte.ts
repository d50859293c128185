import { parseProfileJson } from '../../shared/profile/parse';
import { render, type RenderedFile } from '../../shared/render';
import { validateProfile, type Problem } from '../../shared/validate';

/**
 * State of the profile viewer: the JSON text the person opened or picked, and everything derived from
 * it with the same shared/ functions the CLI uses — so what is shown here is exactly what `v6wizard
 * export` would write.
 */
export class ViewerState {
  source = $state('');
  text = $state('');

  readonly problems: Problem[] = $derived.by(() => {
    if (this.text === '') return [];
    const parsed = parseProfileJson(this.text);
    return parsed.profile ? validateProfile(parsed.profile).problems : parsed.problems;
  });

  readonly files: RenderedFile[] = $derived.by(() => {
    if (this.text === '' || this.problems.some((p) => p.severity === 'error')) return [];
    const parsed = parseProfileJson(this.text);
    return parsed.profile ? render(parsed.profile) : [];
  });

  load(source: string, text: string): void {
    this.source = source;
    this.text = text;
  }
}
