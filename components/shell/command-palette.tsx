'use client';
import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useEffectEvent, useRef, useState, useSyncExternalStore } from 'react';
import { selectTarget } from '@/lib/actions/targets/select-target';
import { useConfirmedAction } from '@/lib/client/use-confirmed-action';
import type { NavGroup } from '@/lib/navigation';

export interface PaletteTarget {
  name: string;
  /** The server it watches, without its password (describeServer). */
  title: string;
}

// Apple keyboards say ⌘K; read once on the client (the server renders Ctrl K), without an effect.
const noSubscription = () => () => {};
const isApple = () => /Mac|iPhone|iPad/.test(navigator.userAgent);
const onServer = () => false;

function isShortcut(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/**
 * Ctrl-K / ⌘K or the header's button: jump to any page the user may open, any table or its insights, or report on
 * another target (as the target picker does). The pages come from the layout, which knows the session's role.
 *
 * cmdk's own Command.Dialog is not used: its Radix dialog injects a <style> element (react-remove-scroll) that the
 * console's Content-Security-Policy refuses without the request's nonce. A native modal <dialog> needs no style
 * element, traps focus, closes on Escape and gives focus back to where it was.
 */
export function CommandPalette({
  groups,
  targets,
  selectedTarget,
}: {
  groups: NavGroup[];
  targets: PaletteTarget[];
  selectedTarget: string | null;
}) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [isOpen, setIsOpen] = useState(false);
  const { pending, error, run, clearError } = useConfirmedAction();
  const apple = useSyncExternalStore(noSubscription, isApple, onServer);

  // Shown once its content is rendered (each opening starts with an empty search). showModal() would focus cmdk's
  // root (tabindex -1, the first focusable element), so the search field is focused by hand.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!isOpen || !dialog || dialog.open) return;
    dialog.showModal();
    inputRef.current?.focus();
  }, [isOpen]);

  const open = () => {
    clearError();
    setIsOpen(true);
  };
  const close = () => dialogRef.current?.close();

  const toggle = useEffectEvent(() => (dialogRef.current?.open ? close() : open()));
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      // The browser's own Ctrl-K (its search bar) is not what a user pressing it here wants.
      event.preventDefault();
      toggle();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const jump = (href: string) => {
    close();
    router.push(href);
  };

  const report = (name: string) => run(() => selectTarget(name), { onSuccess: close });

  return (
    <>
      <button
        type="button"
        className="jump-button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={open}
      >
        Jump to… <kbd>{apple ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <dialog
        ref={dialogRef}
        className="command-palette"
        aria-label="Jump to"
        onClose={() => setIsOpen(false)}
        // A click on the backdrop lands on the dialog itself; one inside lands on its content.
        onClick={(event) => event.target === event.currentTarget && close()}
      >
        {isOpen && (
          <Command label="Jump to a page, table or target" loop vimBindings={false}>
            <Command.Input ref={inputRef} placeholder="Page, table or target…" />
            <Command.List>
              <Command.Empty>Nothing matches.</Command.Empty>
              {groups.map((group) => (
                <Command.Group key={group.label} heading={group.label}>
                  {group.entries.map((entry) => (
                    <Command.Item
                      key={entry.href}
                      value={entry.label}
                      keywords={[group.label, entry.href]}
                      onSelect={() => jump(entry.href)}
                    >
                      {entry.label}
                    </Command.Item>
                  ))}
                </Command.Group>
              ))}
              {/* As the target picker: with one target there is nothing to switch to. */}
              {targets.length > 1 && (
                <Command.Group heading="Report on target">
                  {targets.map((target) => (
                    <Command.Item
                      key={target.name}
                      value={`target ${target.name}`}
                      keywords={[target.title]}
                      disabled={pending}
                      onSelect={() => report(target.name)}
                    >
                      {target.name}
                      <span className="command-hint">
                        {target.name === selectedTarget ? 'reporting on it now' : target.title}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
            </Command.List>
            {pending && (
              <p className="command-status" role="status">
                Switching target…
              </p>
            )}
            {error && (
              <p className="command-status field-error" role="alert">
                {error}
              </p>
            )}
          </Command>
        )}
      </dialog>
    </>
  );
}
