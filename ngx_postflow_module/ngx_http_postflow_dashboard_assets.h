
/*
 * Written by tools/embed-dashboard from dashboard/: edit those files
 * and run "make dashboard".
 */


static ngx_http_postflow_asset_t  ngx_http_postflow_dashboard_assets[] = {

    { ngx_string("dashboard.css"),
      ngx_string("text/css; charset=utf-8"),
      ngx_string("\"8bce51b960467a37\""),
      ngx_string(
        "body { font-family: system-ui, sans-serif; margin: 1rem; }\n"
        "table { border-collapse: collapse; width: 100%; }\n"
        "th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: "
        "1px solid #ddd; }\n") },

    { ngx_string("dashboard.js"),
      ngx_string("text/javascript; charset=utf-8"),
      ngx_string("\"7c785f45cbcfec6d\""),
      ngx_string(
        "'use strict';\n"
        "\n"
        "/* the uploads as the server orders them, read again every 2 s */\n"
        "\n"
        "function cell(row, text) {\n"
        "    const td = document.createElement('td');\n"
        "    td.textContent = text;\n"
        "    row.appendChild(td);\n"
        "}\n"
        "\n"
        "function render(data) {\n"
        "    const rows = document.getElementById('rows');\n"
        "\n"
        "    document.getElementById('webhook').textContent =\n"
        "        data.webhook_url || window.location.origin;\n"
        "    rows.replaceChildren();\n"
        "\n"
        "    for (const u of data.uploads) {\n"
        "        const tr = document.createElement('tr');\n"
        "        cell(tr, u.filename);\n"
        "        cell(tr, u.status);\n"
        "        cell(tr, u.review_status);\n"
        "        cell(tr, String(u.comments_count));\n"
        "        rows.appendChild(tr);\n"
        "    }\n"
        "}\n"
        "\n"
        "let generation = -1;\n"
        "\n"
        "async function refresh() {\n"
        "    try {\n"
        "        const answer = await fetch('data\?since=' + generation);\n"
        "        const data = await answer.json();\n"
        "\n"
        "        if (!data.unchanged) {\n"
        "            generation = data.generation;\n"
        "            render(data);\n"
        "        }\n"
        "    } finally {\n"
        "        setTimeout(refresh, 2000);\n"
        "    }\n"
        "}\n"
        "\n"
        "refresh();\n") },

    { ngx_string("index.html"),
      ngx_string("text/html; charset=utf-8"),
      ngx_string("\"a791f502e980dac0\""),
      ngx_string(
        "<!DOCTYPE html>\n"
        "<html lang=\"en\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scal"
        "e=1\">\n"
        "<title>PostFlow</title>\n"
        "<link rel=\"stylesheet\" href=\"dashboard.css\">\n"
        "<script src=\"dashboard.js\" defer></script>\n"
        "</head>\n"
        "<body>\n"
        "<h1>PostFlow</h1>\n"
        "<p id=\"webhook\"></p>\n"
        "<table>\n"
        "<thead><tr><th>File</th><th>Status</th><th>Review</th><th>Comments"
        "</th></tr></thead>\n"
        "<tbody id=\"rows\"></tbody>\n"
        "</table>\n"
        "</body>\n"
        "</html>\n") }
};
