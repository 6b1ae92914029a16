// premortem.navigation: the outline and go to definition come from premortem only when no Terraform
// extension provides them, so nothing shows twice. `auto` asks VS Code which extensions are installed, at
// start and whenever that changes; `on` and `off` decide alone. The server hears the answer at start
// (initializationOptions) and on every change (the premortem/navigation notification).
import { extensions, workspace, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NAVIGATION_NOTIFICATION, PRODUCT, type NavigationParams } from '../../server/src/protocol';

/** HashiCorp's Terraform extension and the OpenTofu one: each has an outline and go to definition of its own. */
export const TERRAFORM_EXTENSIONS = ['hashicorp.terraform', 'opentofu.vscode-opentofu'] as const;

const SETTING = 'navigation';

export function navigationWanted(): boolean {
  const mode = workspace.getConfiguration(PRODUCT).get<string>(SETTING, 'auto');
  if (mode === 'on') return true;
  if (mode === 'off') return false;
  return !TERRAFORM_EXTENSIONS.some((id) => extensions.getExtension(id) !== undefined);
}

/** Tells the server when the answer changes: an extension installed or removed, or the setting changed. */
export function followNavigation(client: LanguageClient): Disposable[] {
  let last = navigationWanted();
  const update = (): void => {
    const wanted = navigationWanted();
    if (wanted === last || !client.isRunning()) return;
    last = wanted;
    void client.sendNotification(NAVIGATION_NOTIFICATION, { enabled: wanted } satisfies NavigationParams);
  };
  return [
    extensions.onDidChange(update),
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${PRODUCT}.${SETTING}`)) update();
    }),
  ];
}
