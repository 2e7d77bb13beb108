'use strict';

/* the uploads as the server orders them, read again every 2 s */

function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
}

function render(data) {
    const rows = document.getElementById('rows');

    document.getElementById('webhook').textContent =
        data.webhook_url || window.location.origin;
    rows.replaceChildren();

    for (const u of data.uploads) {
        const tr = document.createElement('tr');
        cell(tr, u.filename);
        cell(tr, u.status);
        cell(tr, u.review_status);
        cell(tr, String(u.comments_count));
        rows.appendChild(tr);
    }
}

let generation = -1;

async function refresh() {
    try {
        const answer = await fetch('data?since=' + generation);
        const data = await answer.json();

        if (!data.unchanged) {
            generation = data.generation;
            render(data);
        }
    } finally {
        setTimeout(refresh, 2000);
    }
}

refresh();
