// Saves a reflection as the person types: a moment after they pause and when they leave the box, through
// the same form as its Save button (which stays, and is all there is without JavaScript).
(() => {
  'use strict';
  const PAUSE_MS = 1500;
  for (const form of document.querySelectorAll('form[data-autosave]')) {
    const box = form.querySelector('textarea');
    const status = form.querySelector('[data-autosave-status]');
    if (!box || !status) continue;
    let saved = box.value;
    let timer;
    let saving = null;
    const tell = (text) => {
      status.hidden = false;
      status.textContent = text;
    };
    const save = async () => {
      clearTimeout(timer);
      if (saving) await saving;
      if (box.value === saved) return;
      const text = box.value;
      saving = fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      })
        .then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          saved = text;
          const time = new Date().toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
          tell(`Saved at ${time}.`);
        })
        .catch(() => tell('Not saved yet: use the Save button to try again.'))
        .finally(() => {
          saving = null;
        });
      await saving;
    };
    status.setAttribute('role', 'status');
    box.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(save, PAUSE_MS);
    });
    box.addEventListener('blur', () => void save());
  }
})();
