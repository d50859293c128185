/** What a form control needs to be tied to its field's label, hint and messages (see Field.svelte). */
export interface ControlAttrs {
  id: string;
  describedby: string | undefined;
  invalid: boolean;
}
