/* The coach dashboard: hash routes over the JSON API (#/ roster, #/athlete/ID, #/session/ID). The token,
 * when the server needs one, arrives as ?token=T once and then lives in an HttpOnly cookie. */
(function () {
  'use strict';
  const V = RunloadViews, el = V.el;
  const root = document.getElementById('app');
  let info = { writes_allowed: false };
  if (location.search.includes('token=')) history.replaceState(null, '', location.pathname + location.hash);

  async function api(path, init) {
    const res = await fetch(path, Object.assign({ credentials: 'same-origin' }, init || {}));
    const body = await res.json().catch(() => ({ error: res.statusText }));
    if (!res.ok) throw new Error(body.error || res.statusText);
    return body;
  }
  function nav(...links) {
    const n = el('nav', { class: 'crumbs' });
    for (const [href, text] of links) n.appendChild(el('a', { href, text }));
    return n;
  }
  function logForm(parent, view) {
    const box = el('div', {});
    const f = el('form', { class: 'log', id: 'log-form' });
    const field = (name, label) => el('label', {}, label, el('input', { name, type: 'number', min: '0', max: '10', step: '1' }));
    f.appendChild(field('rpe', 'RPE 0–10'));
    f.appendChild(field('pain_during', 'pain during'));
    f.appendChild(field('pain_after', 'pain after'));
    f.appendChild(field('pain_morning', 'pain next morning'));
    f.appendChild(el('button', { type: 'submit', text: 'Log' }));
    const status = el('span', { class: 'note' });
    f.appendChild(status);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {};
      for (const input of f.querySelectorAll('input')) if (input.value !== '') body[input.name] = Number(input.value);
      try {
        await api('/api/sessions/' + view.session.id + '/log', { method: 'POST',
          headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        status.textContent = 'logged';
        route();
      } catch (err) { status.textContent = err.message; }
    });
    box.appendChild(f);
    parent.appendChild(box);
  }

  /* An athlete's run in from the browser: the file goes up as it is (streamed, never read into the page),
   * then the upload's state is followed until it is a session (a link to it) or failed (why). */
  function uploadForm(parent, athleteId) {
    const f = el('form', { class: 'log', id: 'upload-form' });
    const input = el('input', { name: 'file', type: 'file', accept: '.rlrec,.fit' });
    f.appendChild(el('label', {}, 'Add a run (runload recording or FIT file) ', input));
    f.appendChild(el('button', { type: 'submit', text: 'Upload' }));
    const status = el('span', { class: 'note', id: 'upload-status' });
    f.appendChild(status);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const file = input.files[0];
      if (!file) { status.textContent = 'choose a file first'; return; }
      try {
        status.textContent = 'uploading…';
        const offset = -new Date().getTimezoneOffset() * 60;  // the run is dated in this browser's time zone
        let u = await api('/api/uploads?athlete=' + athleteId + '&utc_offset_s=' + offset, { method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' }, body: file });
        while (u.state === 'queued' || u.state === 'processing') {
          status.textContent = u.state + '…';
          await new Promise((r) => setTimeout(r, 500));
          u = await api('/api/uploads/' + u.upload_id);
        }
        status.textContent = '';
        if (u.state === 'failed') { status.textContent = 'failed: ' + u.error; return; }
        status.appendChild(document.createTextNode((u.duplicate ? 'uploaded before: ' : 'done: ')));
        for (const id of u.session_ids) status.appendChild(el('a', { href: '#/session/' + id, text: 'session ' + id + ' ' }));
      } catch (err) { status.textContent = err.message; }
    });
    const header = parent.querySelector('header.page');  // under the athlete's name
    if (header) header.after(f); else parent.appendChild(f);
  }

  async function route() {
    V.clearCharts();
    const m = location.hash.match(/^#\/(athlete|session)\/(\d+)$/);
    const page = el('div', {});
    try {
      if (!m) {
        const roster = await api('/api/athletes');
        page.appendChild(el('header', { class: 'page' }, el('h1', { text: 'runload — coach dashboard' }),
          el('span', { class: 'sub', text: 'as of ' + roster.as_of + (info.writes_allowed ? ' · writes allowed' : ' · read-only') })));
        V.renderRoster(page, roster, (id) => '#/athlete/' + id, (id) => { location.hash = '#/athlete/' + id; });
      } else if (m[1] === 'athlete') {
        const view = await api('/api/athletes/' + m[2]);
        page.appendChild(nav(['#/', '← roster']));
        V.renderAthlete(page, view, { sessionHref: (id) => '#/session/' + id });
        if (info.writes_allowed) uploadForm(page, view.athlete.id);
      } else {
        const view = await api('/api/sessions/' + m[2]);
        page.appendChild(nav(['#/', '← roster'], ['#/athlete/' + view.athlete.id, '← ' + view.athlete.name]));
        V.renderSession(page, view, { extraSummary: info.writes_allowed ? logForm : null });
      }
    } catch (err) {
      page.appendChild(el('p', { class: 'error', text: 'Could not load: ' + err.message }));
    }
    root.textContent = '';
    root.appendChild(page);
    document.body.setAttribute('data-route', m ? m[1] : 'roster');
    document.body.setAttribute('data-rendered', String(Date.now()));
    window.scrollTo(0, 0);
  }

  window.addEventListener('hashchange', route);
  api('/api/info').then((i) => { info = i; }).catch(() => {}).finally(route);
})();
