'use strict';

/*
 * The dashboard: reads "data" every 2 s with the generation it shows and
 * renders only when the zone changed.  The rows are one page (100) of
 * the server's order, kept in a Map by upload_id and updated in place,
 * so a change touches a few cells, not the whole table.
 *
 * Under the page's Content-Security-Policy nothing is inline: texts are
 * set with textContent, a bar's length with a CSS custom property
 * through the CSSOM (allowed, unlike a style="" attribute).
 */

const STATUSES = ['REGISTERED', 'UPLOADING', 'PROCESSING', 'READY',
                  'COMPLETED', 'DELETED'];
const REVIEWS = ['NEEDS_CHANGES', 'LEANING_REJECTED', 'PENDING',
                 'LEANING_APPROVED', 'APPROVED'];
const PAGE = 100;
const EVERY = 2000;
const DEBOUNCE = 250;

const TEXTS = {
    en: {
        summary: 'Summary', byStatus: 'By status',
        byReview: 'By review status', health: 'Health',
        journal: 'Journal', poller: 'Frame.io poller',
        webhook: 'Webhook URL for Frame.io', copy: 'Copy',
        copied: 'Copied', uploads: 'Uploads', status: 'Status',
        review: 'Review', search: 'Search by name', all: 'All',
        file: 'File', comments: 'Comments', latest: 'Latest comment',
        activity: 'Last activity', link: 'Review link', open: 'Open',
        empty: 'No upload matches.', prev: 'Previous', next: 'Next',
        pages: 'Pages', range: '{a}–{b} of {n}', total: '{n} uploads',
        updated: 'Updated at {t}', offline: 'Server unreachable, retrying…',
        ok: 'OK', bad: 'Not OK', off: 'Off', errors: '{n} write errors',
        lastRun: 'last run {t}', lag: 'lag {n} s',
        limited: '{n} rate-limited', cpm: '{n} calls/min',
        never: 'never',
        REGISTERED: 'Registered', UPLOADING: 'Uploading',
        PROCESSING: 'Processing', READY: 'Ready', COMPLETED: 'Completed',
        DELETED: 'Deleted', PENDING: 'Pending', APPROVED: 'Approved',
        NEEDS_CHANGES: 'Needs changes', LEANING_APPROVED: 'Leaning approved',
        LEANING_REJECTED: 'Leaning rejected',
        neutral: 'Comment', approve: 'Approves', changes: 'Asks for changes'
    },
    fr: {
        summary: 'Résumé', byStatus: 'Par état',
        byReview: 'Par état de revue', health: 'Santé',
        journal: 'Journal', poller: 'Interrogation de Frame.io',
        webhook: 'URL du webhook pour Frame.io', copy: 'Copier',
        copied: 'Copié', uploads: 'Fichiers', status: 'État',
        review: 'Revue', search: 'Chercher par nom', all: 'Tous',
        file: 'Fichier', comments: 'Commentaires',
        latest: 'Dernier commentaire', activity: 'Dernière activité',
        link: 'Lien de revue', open: 'Ouvrir',
        empty: 'Aucun fichier ne correspond.', prev: 'Précédents',
        next: 'Suivants', pages: 'Pages', range: '{a}–{b} sur {n}',
        total: '{n} fichiers', updated: 'Mis à jour à {t}',
        offline: 'Serveur injoignable, nouvel essai…',
        ok: 'OK', bad: 'En erreur', off: 'Désactivé',
        errors: '{n} erreurs d’écriture', lastRun: 'dernier passage {t}',
        lag: 'retard {n} s', limited: '{n} limitées',
        cpm: '{n} appels/min', never: 'jamais',
        REGISTERED: 'Enregistré', UPLOADING: 'En envoi',
        PROCESSING: 'En traitement', READY: 'Prêt', COMPLETED: 'Terminé',
        DELETED: 'Supprimé', PENDING: 'En attente', APPROVED: 'Validé',
        NEEDS_CHANGES: 'Corrections demandées',
        LEANING_APPROVED: 'Plutôt validé', LEANING_REJECTED: 'Plutôt refusé',
        neutral: 'Commentaire', approve: 'Valide',
        changes: 'Demande des corrections'
    }
};

/* a glyph beside the word, so that colour is never the only signal */
const VERDICT_ICON = { neutral: '•', approve: '✓', changes: '✗' };

const LANG = (navigator.languages && navigator.languages[0]
              || navigator.language || 'en').toLowerCase()
             .startsWith('fr') ? 'fr' : 'en';
const T = TEXTS[LANG];
const numbers = new Intl.NumberFormat(LANG);
const relative = new Intl.RelativeTimeFormat(LANG, { numeric: 'auto' });
const clock = new Intl.DateTimeFormat(LANG, { timeStyle: 'medium' });

const $ = (id) => document.getElementById(id);

function say(key, values) {
    return (T[key] || key).replace(/\{(\w+)\}/g, (_, k) => values[k]);
}

function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
        e.className = className;
    }
    if (text !== undefined) {
        e.textContent = text;
    }
    return e;
}

/* assigning the same text again still costs a layout: skip it */
function setText(e, text) {
    if (e.textContent !== text) {
        e.textContent = text;
    }
}

/* --- time, relative to the server's clock ---------------------------- */

let skew = 0;   /* the server's "now" minus this browser's clock, in ms */

function ago(iso) {
    const then = Date.parse(iso);
    if (isNaN(then)) {
        return '';
    }
    const s = Math.round((then - Date.now() - skew) / 1000);
    const steps = [[60, 'second'], [3600, 'minute'], [86400, 'hour'],
                   [86400 * 30, 'day'], [86400 * 365, 'month']];
    let unit = 1;
    for (const [limit, name] of steps) {
        if (Math.abs(s) < limit) {
            return relative.format(Math.round(s / unit), name);
        }
        unit = limit;
    }
    return relative.format(Math.round(s / unit), 'year');
}

/* --- the static page in the reader's language ------------------------ */

function translate() {
    document.documentElement.lang = LANG;
    for (const e of document.querySelectorAll('[data-t]')) {
        e.textContent = T[e.dataset.t];
    }
    for (const e of document.querySelectorAll('[data-t-label]')) {
        e.setAttribute('aria-label', T[e.dataset.tLabel]);
    }
    fillSelect($('f-status'), STATUSES);
    fillSelect($('f-review'), REVIEWS);
}

function fillSelect(select, names) {
    select.appendChild(new Option(T.all, ''));
    for (const name of names) {
        select.appendChild(new Option(T[name], name));
    }
}

/* --- counts: one bar per name, its length a share of the total ------- */

function chart(list, names, counts, total, kind) {
    if (!list.firstChild) {
        for (const name of names) {
            const li = el('li', 'bar ' + kind + '-' + name);
            li.append(el('span', 'bar-name', T[name]),
                      el('span', 'bar-track'), el('span', 'bar-count'));
            li.firstChild.nextSibling.appendChild(el('span', 'bar-fill'));
            list.appendChild(li);
        }
    }
    names.forEach((name, i) => {
        const li = list.children[i];
        const n = counts[name] || 0;
        setText(li.lastChild, numbers.format(n));
        li.querySelector('.bar-fill').style.setProperty(
            '--share', total ? String(n / total) : '0');
    });
}

/* --- health ---------------------------------------------------------- */

function healthLine(dd, enabled, ok, details) {
    dd.className = 'state ' + (!enabled ? 'off' : ok ? 'ok' : 'bad');
    setText(dd, !enabled ? T.off
                : [ok ? T.ok : T.bad].concat(details).join(' · '));
}

function health(h) {
    const j = h.journal;
    const p = h.poller;
    const jd = [];
    if (j.write_errors) {
        jd.push(say('errors', { n: numbers.format(j.write_errors) }));
    }
    if (j.last_error) {
        jd.push(j.last_error);
    }
    healthLine($('health-journal'), j.enabled, j.ok, jd);

    const pd = [say('lastRun', { t: p.last_run ? ago(p.last_run) : T.never }),
                say('lag', { n: numbers.format(p.lag) }),
                say('cpm', { n: numbers.format(p.calls_per_minute) })];
    if (p.rate_limited) {
        pd.push(say('limited', { n: numbers.format(p.rate_limited) }));
    }
    healthLine($('health-poller'), p.enabled, p.ok, pd);
}

/* --- rows ------------------------------------------------------------ */

const rows = new Map();   /* upload_id -> { tr, cells, last values } */
const COLUMNS = ['file', 'status', 'review', 'comments', 'latest',
                 'activity', 'link'];

function badge(className) {
    const b = el('span', 'badge ' + className);
    b.append(el('span', 'dot'), el('span', 'word'));
    b.firstChild.setAttribute('aria-hidden', 'true');
    return b;
}

function newRow(id) {
    const tr = el('tr');
    tr.dataset.uploadId = id;
    const cells = {};
    for (const c of COLUMNS) {
        const td = el('td', 'c-' + c);
        td.dataset.label = T[c];
        cells[c] = td;
        tr.appendChild(td);
    }
    cells.file.append(el('span', 'name'), el('span', 'id', id));
    cells.status.appendChild(badge(''));
    cells.review.appendChild(badge(''));
    cells.comments.classList.add('num');
    /* one block, so that it stays in one column of a phone's card */
    const latest = el('div');
    latest.append(el('span', 'verdict'), el('q', 'excerpt'));
    cells.latest.appendChild(latest);
    cells.activity.appendChild(el('time'));
    return { tr, cells, seen: {} };
}

/* sets one part of a row when its value changed since the last render */
function changed(row, key, value) {
    if (row.seen[key] === value) {
        return false;
    }
    row.seen[key] = value;
    return true;
}

function fillBadge(b, prefix, name) {
    b.className = 'badge ' + prefix + '-' + name;
    b.lastChild.textContent = T[name] || name;
}

function safeLink(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}

function updateRow(row, u) {
    const c = row.cells;
    if (changed(row, 'filename', u.filename)) {
        c.file.firstChild.textContent = u.filename;
    }
    if (changed(row, 'status', u.status)) {
        fillBadge(c.status.firstChild, 'st', u.status);
    }
    if (changed(row, 'review', u.review_status)) {
        fillBadge(c.review.firstChild, 'rv', u.review_status);
        row.tr.className = 'rv-row-' + u.review_status;
    }
    if (changed(row, 'comments', u.comments_count)) {
        c.comments.textContent = numbers.format(u.comments_count);
    }
    const lc = u.last_comment;
    if (changed(row, 'latest', lc ? lc.verdict + '\n' + lc.excerpt : '')) {
        const v = c.latest.firstChild.firstChild;
        const q = v.nextSibling;
        v.className = 'verdict' + (lc ? ' v-' + lc.verdict : '');
        if (lc) {
            /* the glyph is for the eyes; a screen reader says the word */
            const icon = el('span', '', VERDICT_ICON[lc.verdict]);
            icon.setAttribute('aria-hidden', 'true');
            v.replaceChildren(icon, ' ' + T[lc.verdict]);
        } else {
            v.textContent = '—';
        }
        q.textContent = lc ? lc.excerpt : '';
        q.hidden = !lc;
    }
    const time = c.activity.firstChild;
    if (changed(row, 'updated', u.updated_at)) {
        time.dateTime = u.updated_at;
        time.title = new Date(u.updated_at).toLocaleString(LANG);
    }
    setText(time, ago(u.updated_at));
    const link = safeLink(u.review_link);
    if (changed(row, 'link', link)) {
        c.link.replaceChildren();
        if (link) {
            const a = el('a', '', T.open);
            a.href = link;
            a.target = '_blank';
            a.rel = 'noopener noreferrer';
            c.link.appendChild(a);
        } else {
            c.link.textContent = '—';
        }
    }
}

function renderRows(uploads) {
    const tbody = $('rows');
    const keep = new Set();
    let at = tbody.firstChild;

    for (const u of uploads) {
        let row = rows.get(u.upload_id);
        if (!row) {
            row = newRow(u.upload_id);
            rows.set(u.upload_id, row);
        }
        keep.add(u.upload_id);
        updateRow(row, u);
        /* in the server's order, moving only the rows out of place */
        if (row.tr !== at) {
            tbody.insertBefore(row.tr, at);
        } else {
            at = at.nextSibling;
        }
    }
    for (const [id, row] of rows) {
        if (!keep.has(id)) {
            row.tr.remove();
            rows.delete(id);
        }
    }
    $('empty').hidden = uploads.length > 0;
}

/* between two changes only the relative times move */
function tick() {
    for (const row of rows.values()) {
        setText(row.cells.activity.firstChild, ago(row.seen.updated));
    }
}

/* --- the query, the pages, the polling ------------------------------- */

const view = { status: '', review_status: '', q: '', offset: 0 };
let shown = null;        /* the last full answer */
let generation = null;   /* its generation, null after a change of view */
let timer = null;
let inflight = null;

function query() {
    const p = new URLSearchParams();
    for (const k of ['status', 'review_status', 'q']) {
        if (view[k]) {
            p.set(k, view[k]);
        }
    }
    p.set('offset', String(view.offset));
    p.set('limit', String(PAGE));
    if (generation !== null) {
        p.set('since', String(generation));
    }
    return 'data?' + p.toString();
}

function render(d) {
    const first = !shown;
    shown = d;
    skew = Date.parse(d.now) - Date.now();
    setText($('zone'), d.zone);
    const webhook = $('webhook');
    if (webhook.value !== d.webhook_url) {
        webhook.value = d.webhook_url || '';
    }
    const total = d.counts.total;
    chart($('chart-status'), STATUSES, d.counts.status, total, 'st');
    chart($('chart-review'), REVIEWS, d.counts.review_status, total, 'rv');
    health(d.health);
    renderRows(d.uploads);

    const a = d.matching ? d.offset + 1 : 0;
    const b = d.offset + d.uploads.length;
    setText($('range'), say('range', { a: numbers.format(a),
                                       b: numbers.format(b),
                                       n: numbers.format(d.matching) }));
    $('prev').disabled = d.offset === 0;
    $('next').disabled = b >= d.matching;
    setText($('updated'), say('updated', { t: clock.format(new Date()) }));
    if (first) {
        performance.mark('postflow-rows');   /* for make bench-dashboard */
    }
}

async function poll() {
    clearTimeout(timer);
    if (inflight) {
        inflight.abort();
    }
    const mine = new AbortController();
    inflight = mine;
    try {
        const answer = await fetch(query(), { signal: mine.signal,
                                              cache: 'no-store' });
        if (!answer.ok) {
            throw new Error(answer.status);
        }
        const d = await answer.json();
        if (inflight !== mine) {
            return;   /* answered after a newer query started */
        }
        if (!d.unchanged) {
            /* a page emptied by a change: show the last one that is not */
            if (d.uploads.length === 0 && d.offset > 0) {
                view.offset = Math.max(0, Math.floor((d.matching - 1) / PAGE)
                                          * PAGE);
                generation = null;
                inflight = null;
                return poll();
            }
            generation = d.generation;
            render(d);
        } else {
            tick();
            if (shown) {
                health(shown.health);
            }
        }
        document.body.classList.remove('offline');
    } catch (e) {
        if (mine.signal.aborted) {
            return;   /* a newer query replaced this one */
        }
        document.body.classList.add('offline');
        setText($('updated'), T.offline);
    }
    if (inflight === mine) {
        inflight = null;
        timer = setTimeout(poll, EVERY);
    }
}

/* a new filter, search or page: ask for it now, whatever the generation */
function changeView(changes) {
    Object.assign(view, changes);
    generation = null;
    poll();
}

function wire() {
    $('f-status').addEventListener('change', (e) =>
        changeView({ status: e.target.value, offset: 0 }));
    $('f-review').addEventListener('change', (e) =>
        changeView({ review_status: e.target.value, offset: 0 }));
    let typing = null;
    $('f-q').addEventListener('input', (e) => {
        clearTimeout(typing);
        typing = setTimeout(() =>
            changeView({ q: e.target.value.trim(), offset: 0 }), DEBOUNCE);
    });
    $('filters').addEventListener('submit', (e) => e.preventDefault());
    $('prev').addEventListener('click', () =>
        changeView({ offset: Math.max(0, view.offset - PAGE) }));
    $('next').addEventListener('click', () =>
        changeView({ offset: view.offset + PAGE }));
    $('copy').addEventListener('click', copyWebhook);
}

async function copyWebhook() {
    const input = $('webhook');
    const button = $('copy');
    try {
        await navigator.clipboard.writeText(input.value);
    } catch (e) {
        /* no clipboard API outside a secure context: the old way */
        input.select();
        document.execCommand('copy');
    }
    button.textContent = T.copied;
    setTimeout(() => { button.textContent = T.copy; }, 1500);
}

translate();
wire();
poll();
