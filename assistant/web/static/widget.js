/*!
 * WijkWijzer Assistent — chat widget for any web page.
 *
 * Embed with one line (no framework, no build step):
 *
 *   <script src="https://assistent.example.org/widget.js" data-title="WijkWijzer Assistent" defer></script>
 *
 * Options (all optional, as data- attributes on that script tag):
 *   data-api       Base URL of the assistant's server. Default: where widget.js itself was loaded from
 *                  (the folder of the script's src, e.g. https://assistent.example.org).
 *                  The page's origin must be in the server's allowed origins (WIJKWIJZER_CORS_ORIGINS).
 *   data-title     Title of the chat panel. Default: "WijkWijzer Assistent".
 *   data-open      "true" opens the panel when the page loads (focus is not moved). Default: closed.
 *   data-position  "right" (default) or "left": the corner of the chat button.
 *
 * What it does: a chat button and panel in a Shadow DOM (the host page's CSS cannot reach in), questions go
 * to POST {api}/api/ask/stream (Server-Sent Events), answers are rendered from a small, safe Markdown subset
 * built with text nodes only (no HTML from a question, an answer or a source is ever parsed or run). The
 * Markdown tables become real tables (scrolling sideways when wide), and an answer's suggested next questions are
 * buttons under the latest answer that send their text as the next question. The
 * conversation is kept in sessionStorage for this tab only (key "wijkwijzer-assistent:<api>"); "Nieuw gesprek"
 * clears it. Keyboard: Tab to the button, Enter opens (focus goes to the question), Enter sends, Shift+Enter is a
 * new line, Escape closes (focus returns to the button). Screen readers hear each new answer once (aria-live).
 */
(function () {
  "use strict";

  if (!window.fetch || !window.URL || !document.createElement("div").attachShadow) {
    return; // too old a browser: the host page stays as it is
  }
  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  if (window.__wijkwijzerAssistent) {
    return; // the script was included twice
  }
  window.__wijkwijzerAssistent = true;

  // -- configuration -------------------------------------------------------------------------------------
  function attr(name) {
    return script ? script.getAttribute("data-" + name) : null;
  }

  function apiBase() {
    var given = attr("api");
    var src = script && script.src ? script.src : document.baseURI;
    try {
      var url = given ? new URL(given, document.baseURI) : new URL(".", src);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return null;
      }
      return (url.origin + url.pathname).replace(/\/+$/, "");
    } catch (e) {
      return null;
    }
  }

  var API = apiBase();
  var TITLE = (attr("title") || "").trim() || "WijkWijzer Assistent";
  var START_OPEN = attr("open") === "true";
  var LEFT = attr("position") === "left";
  var STORE_KEY = "wijkwijzer-assistent:" + API;
  var HISTORY_TURNS = 6; // earlier messages sent with a question (the service uses the latest)
  var HISTORY_CHARS = 2000; // per message (keeps the request far below the server's body limit)
  var IDLE_TIMEOUT_MS = 45000; // no data for this long: give up
  var MAX_SHOWN = 60; // messages kept in the session
  var MAX_SUGGESTIONS = 5; // next questions shown as buttons (the server sends 0–5)
  var SUGGESTION_CHARS = 300;
  // the server's question limit: the server puts it here when it serves this file (1000 when it did not)
  var MAX_CHARS = Number("{{MAX_QUESTION_CHARS}}") || 1000;
  var COUNT_FROM = Math.floor(MAX_CHARS * 0.8); // the counter shows from 80% of the limit on

  var T = {
    toggle: "Vraag het de WijkWijzer Assistent",
    close: "Sluit de assistent",
    reset: "Nieuw gesprek",
    label: "Je vraag",
    placeholder: "Stel je vraag…",
    hint: "Enter verstuurt de vraag, Shift+Enter begint een nieuwe regel.",
    send: "Verstuur",
    sources: "Bronnen",
    suggestions: "Vervolgvragen",
    table: "Tabel",
    log: "Gesprek",
    you: "Jij:",
    assistant: "Assistent:",
    loading: "Even zoeken…",
    intro:
      "Stel een vraag over je buurt, bijvoorbeeld over eenzaamheid, overlast of jongeren op straat. " +
      "Je krijgt aanpakken uit het WijkWijzer-overzicht, met bronnen. Deel geen namen, adressen of telefoonnummers.",
    noLink: "geen link in het overzicht",
    source: "Bron",
    opensNew: "(opent in een nieuw venster)",
    useful: "Was dit antwoord nuttig?",
    up: "Ja, nuttig",
    down: "Nee, niet nuttig",
    thanks: "Dank je voor je reactie!",
    feedbackFailed: "Je reactie kon nu niet worden opgeslagen.",
    network: "De assistent is nu niet bereikbaar. Controleer je internetverbinding en probeer het opnieuw.",
    timeout: "Het duurde te lang voordat er een antwoord kwam. Probeer het opnieuw.",
    broken: "Het antwoord kon niet worden afgemaakt. Probeer het opnieuw.",
    config: "De assistent is niet goed ingesteld op deze pagina (onbekend serveradres).",
    empty: "Typ eerst je vraag in het vak.",
    tooLong: function (max) {
      return "Je vraag is te lang (meer dan " + max + " tekens). Maak hem korter en probeer het opnieuw.";
    },
    count: function (count, max) {
      return count + "/" + max + " tekens" + (count > max ? ": te lang" : "");
    },
    status: function (code) {
      return "Er ging iets mis (foutcode " + code + "). Probeer het later opnieuw.";
    },
  };

  // -- styles (inside the shadow root only) ---------------------------------------------------------------
  // Sizes are in em on top of `font-size: medium` (the reader's own default size), not rem: rem follows the
  // host page's root font size, which a host may set to anything. Colours meet WCAG AA (4.5:1 or more).
  var CSS = [
    ":host { all: initial !important; position: fixed !important; z-index: 2147483000 !important;",
    "  bottom: 1em !important; " + (LEFT ? "left" : "right") + ": 1em !important; top: auto !important;",
    "  " + (LEFT ? "right" : "left") + ": auto !important; display: block !important; visibility: visible !important;",
    "  font: normal 400 medium/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif !important;",
    "  color: #1b1b1b !important; direction: ltr !important; text-align: left !important; }",
    "*, *::before, *::after { box-sizing: border-box; }",
    "[hidden] { display: none !important; }",
    ".root { font-size: 1em; color: #1b1b1b; display: flex; flex-direction: column-reverse;",
    "  align-items: " + (LEFT ? "flex-start" : "flex-end") + "; gap: 0.75em; max-height: calc(100vh - 2em); }",
    "@supports (height: 100dvh) { .root { max-height: calc(100dvh - 2em); } }",
    "button, textarea { font: inherit; color: inherit; margin: 0; }",
    "button { cursor: pointer; border-radius: 0.375em; }",
    ":focus { outline: none; }",
    ":focus-visible { outline: 0.1875em solid #1b1b1b; outline-offset: 0.125em; box-shadow: 0 0 0 0.125em #ffffff; }",
    ".sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;",
    "  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }",
    ".toggle { flex: none; display: inline-flex; align-items: center; gap: 0.5em; max-width: calc(100vw - 2em);",
    "  padding: 0.75em 1.125em; border: 0.125em solid #0b4f59; border-radius: 1.75em; background: #0b4f59;",
    "  color: #ffffff; font-weight: 600; font-size: 1em; text-align: left;",
    "  box-shadow: 0 0.25em 0.75em rgba(0, 0, 0, 0.25); }",
    ".toggle:hover { background: #083b43; border-color: #083b43; }",
    ".toggle svg { flex: none; width: 1.25em; height: 1.25em; fill: currentColor; }",
    // small or zoomed-in screens: while the panel is open the button shrinks to its icon (its name stays)
    "@media (max-width: 30em), (max-height: 30em) {",
    "  .toggle[aria-expanded='true'] { padding: 0.75em; }",
    "  .toggle[aria-expanded='true'] .label { position: absolute; width: 1px; height: 1px; overflow: hidden;",
    "    clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }",
    "}",
    ".panel { flex: 0 1 auto; display: flex; flex-direction: column; width: min(25em, calc(100vw - 2em));",
    "  height: 38em; min-height: 0;",
    "  background: #ffffff; color: #1b1b1b; border: 1px solid #6b6b6b; border-radius: 0.75em;",
    "  box-shadow: 0 0.5em 2em rgba(0, 0, 0, 0.3); overflow: hidden; }",
    ".head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375em 0.5em; padding: 0.5em 0.5em 0.5em 1em;",
    "  border-bottom: 1px solid #c4c4c4; background: #f2f6f7; flex: none; }",
    ".actions { display: flex; gap: 0.5em; margin-left: auto; }",
    ".title { flex: 1 1 8em; min-width: 0; margin: 0; font-size: 1.0625em; font-weight: 700; line-height: 1.25;",
    "  overflow-wrap: break-word; color: #1b1b1b; }",
    ".head button { flex: none; background: #ffffff; border: 1px solid #4a4a4a; color: #1b1b1b;",
    "  padding: 0.25em 0.625em;",
    "  font-size: 0.9375em; line-height: 1.5; }",
    ".head button:hover { background: #e3ebed; }",
    ".head .close { font-size: 1.25em; line-height: 1; padding: 0.25em 0.5em; }",
    ".log { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 0.75em 1em; overscroll-behavior: contain; }",
    ".intro { margin: 0 0 0.75em; color: #3d3d3d; font-size: 0.9375em; }",
    ".msg { margin: 0 0 0.75em; padding: 0.5em 0.75em; border-radius: 0.5em; overflow-wrap: anywhere; }",
    ".msg.user { background: #e1eef0; margin-left: 2em; white-space: pre-wrap; }",
    ".msg.assistant { background: #f7f7f7; border: 1px solid #d6d6d6; margin-right: 0.5em; }",
    ".msg.error { background: #fdf0ef; border: 1px solid #b3261e; color: #7a1712; }",
    ".msg p { margin: 0 0 0.5em; } .msg p:last-child { margin-bottom: 0; }",
    ".msg ul, .msg ol { margin: 0 0 0.5em; padding-left: 1.25em; }",
    ".msg li { margin: 0.125em 0; }",
    // tables (comparisons): scroll sideways inside the bubble rather than squeeze columns to a word each
    ".table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 0.5em; }",
    ".msg table { border-collapse: collapse; font-size: 0.875em; line-height: 1.4; }",
    ".msg th, .msg td { min-width: 10em; padding: 0.25em 0.5em; border: 1px solid #c4c4c4; text-align: left;",
    "  vertical-align: top; }",
    // headers keep their words whole (their column widens to fit); long words and URLs in cells may break
    ".msg th { overflow-wrap: break-word; } .msg th:first-child { min-width: 5.5em; }",
    ".msg thead th { background: #e1eef0; } .msg tbody th { background: #f2f6f7; }",
    // next questions: buttons at least 2em (32px) tall, wrapping onto more lines on a narrow screen
    ".chips { display: flex; flex-wrap: wrap; gap: 0.375em; margin: 0 0.5em 0.75em 0; }",
    ".chips button { max-width: 100%; min-height: 2em; padding: 0.25em 0.75em; border: 1px solid #0b4f59;",
    "  border-radius: 1em; background: #ffffff; color: #0b4f59; font-size: 0.9375em; line-height: 1.35;",
    "  text-align: left; overflow-wrap: anywhere; }",
    ".chips button:hover { background: #e1eef0; }",
    ".streaming { white-space: pre-wrap; }",
    ".loading { color: #3d3d3d; font-style: italic; }",
    ".dots i { display: inline-block; width: 0.375em; height: 0.375em; margin-left: 0.25em; border-radius: 50%;",
    "  background: #0b4f59; vertical-align: middle; animation: ww-blink 1.4s ease-in-out infinite; }",
    ".dots i:nth-child(2) { animation-delay: 0.2s; } .dots i:nth-child(3) { animation-delay: 0.4s; }",
    "@keyframes ww-blink { 0%, 80%, 100% { opacity: 0.2; } 40% { opacity: 1; } }",
    "a { color: #0b4a8b; text-decoration: underline; text-underline-offset: 0.15em; }",
    "a:hover { color: #062f5a; text-decoration-thickness: 0.125em; }",
    ".cite { font-size: 0.875em; font-weight: 600; white-space: nowrap; }",
    "code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9375em; background: #ececec;",
    "  padding: 0 0.25em; border-radius: 0.25em; }",
    "details.sources { margin-top: 0.5em; border-top: 1px solid #d6d6d6; padding-top: 0.375em; }",
    "details.sources summary { cursor: pointer; font-weight: 700; }",
    "details.sources ol { margin: 0.375em 0 0; }",
    "details.sources li { padding: 0.125em 0.25em; border-radius: 0.25em; }",
    "details.sources li:target, details.sources li.hit { background: #fff3c4; }",
    ".snippet { display: block; color: #3d3d3d; font-size: 0.875em; }",
    ".nolink { color: #3d3d3d; font-size: 0.875em; }",
    ".rate { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375em; margin-top: 0.5em;",
    "  font-size: 0.875em; color: #3d3d3d; }",
    ".rate button { display: inline-flex; align-items: center; background: #ffffff; border: 1px solid #4a4a4a;",
    "  color: #1b1b1b; padding: 0.25em 0.5em; }",
    ".rate svg { width: 1.125em; height: 1.125em; fill: currentColor; }",
    ".rate button[aria-pressed='true'] { background: #0b4f59; border-color: #0b4f59; color: #ffffff; }",
    ".form { flex: none; display: flex; gap: 0.5em; align-items: flex-end; padding: 0.625em 0.75em;",
    "  border-top: 1px solid #c4c4c4; background: #ffffff; }",
    ".form textarea { flex: 1 1 auto; min-width: 0; min-height: 2.75em; max-height: 8em; resize: none;",
    "  padding: 0.5em 0.625em; border: 1px solid #4a4a4a; border-radius: 0.375em; background: #ffffff;",
    "  color: #1b1b1b; line-height: 1.4; }",
    ".form textarea::placeholder { color: #5e5e5e; opacity: 1; }",
    ".form .send { flex: none; padding: 0.5em 1em; border: 0.125em solid #0b4f59; background: #0b4f59;",
    "  color: #ffffff; font-weight: 600; min-height: 2.75em; }",
    ".form .send:hover { background: #083b43; }",
    ".form .send[aria-disabled='true'] { background: #5c5c5c; border-color: #5c5c5c; cursor: progress; }",
    // under the question box: what stops a question from being sent, and the count near the limit
    // a phone: the panel nearly edge to edge, and the answers as wide as the panel
    "@media (max-width: 30em) {",
    "  :host { bottom: 0.5em !important; " + (LEFT ? "left" : "right") + ": 0.5em !important; }",
    "  .root { max-height: calc(100vh - 1em); }",
    "  @supports (height: 100dvh) { .root { max-height: calc(100dvh - 1em); } }",
    "  .panel { width: calc(100vw - 1em); }",
    "  .log { padding: 0.75em 0.5em; }",
    "  .msg.assistant { margin-right: 0; } .msg.user { margin-left: 1.5em; }",
    "}",
    ".form { flex-wrap: wrap; }",
    ".form-foot { flex: 1 0 100%; display: flex; align-items: baseline; gap: 0.5em; font-size: 0.875em; }",
    ".form-note { margin: 0; color: #7a1712; font-weight: 600; }",
    ".count { margin: 0 0 0 auto; color: #3d3d3d; white-space: nowrap; }",
    ".count.over { color: #b3261e; font-weight: 600; }",
    "@media (prefers-reduced-motion: reduce) {",
    "  *, *::before, *::after { animation: none !important; transition: none !important;",
    "    scroll-behavior: auto !important; }",
    "}",
    "@media (forced-colors: active) { .toggle, .form .send, .msg { border: 1px solid CanvasText; } }",
  ].join("\n");

  // -- small DOM helpers ----------------------------------------------------------------------------------
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === null || value === undefined || value === false) {
          return;
        }
        if (key === "text") {
          node.textContent = value;
        } else if (key === "className") {
          node.className = value;
        } else {
          node.setAttribute(key, value === true ? "" : String(value));
        }
      });
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  var ICONS = {
    chat:
      "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" +
      "m3 6v2h10V9H7zm0 4v2h7v-2H7z",
    up:
      "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59" +
      "C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z",
    down:
      "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32" +
      "c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z",
  };

  /** A decorative (aria-hidden) 24×24 SVG icon from one path. */
  function svgIcon(d) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
  }

  var TEL = /^tel:\d{3,12}$/;

  function safeUrl(raw) {
    // only absolute http(s) URLs become links
    try {
      var url = new URL(String(raw));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, label) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [
      label,
      el("span", { className: "sr-only", text: " " + T.opensNew }),
    ]);
  }

  // -- a small, safe Markdown subset (text nodes only) ----------------------------------------------------
  // paragraphs, "- " / "* " / "1. " lists, "| a | b |" tables, **bold**, *italic*, `code`, [n] citations, [text](http…) links,
  // [number](tel:digits) help lines and bare http(s) URLs. Anything else stays literal text.
  var INLINE = new RegExp(
    [
      "\\*\\*([^*\\n]+?)\\*\\*", // 1 bold
      "\\[(\\d{1,3})\\](?!\\()", // 2 citation (not the label of a link: "[113](tel:113)")
      "\\[([^\\]\\n]{1,300})\\]\\(([^()\\s]{1,2000})\\)", // 3, 4 link
      "(https?:\\/\\/[^\\s<>\"\\u201c\\u201d]+)", // 5 bare URL
      "`([^`\\n]+)`", // 6 code
      "(^|[\\s(])\\*([^*\\s][^*\\n]*?)\\*(?=[\\s.,;:!?)]|$)", // 7 (what precedes), 8 italic
    ].join("|")
  );

  function trimUrl(url) {
    // trailing punctuation belongs to the sentence; a ")" only if the URL has no matching "("
    var tail = "";
    for (;;) {
      var last = url.charAt(url.length - 1);
      if (/[.,;:!?'\u2019"]/.test(last)) {
        tail = last + tail;
        url = url.slice(0, -1);
      } else if (last === ")" && (url.match(/\(/g) || []).length < (url.match(/\)/g) || []).length) {
        tail = last + tail;
        url = url.slice(0, -1);
      } else {
        return [url, tail];
      }
    }
  }

  function renderInline(text, parent, ctx, depth) {
    var pos = 0;
    var re = new RegExp(INLINE.source, "g");
    var match;
    while ((match = re.exec(text)) !== null) {
      var index = match.index;
      parent.appendChild(document.createTextNode(text.slice(pos, index)));
      pos = index + match[0].length;
      if (match[1] !== undefined) {
        var strong = el("strong");
        if (depth < 2) {
          renderInline(match[1], strong, ctx, depth + 1);
        } else {
          strong.textContent = match[1];
        }
        parent.appendChild(strong);
      } else if (match[2] !== undefined) {
        parent.appendChild(ctx.citation(Number(match[2]), match[0]));
      } else if (match[3] !== undefined && TEL.test(match[4])) {
        // help lines in crisis answers: tap to call on a phone, same tab
        parent.appendChild(el("a", { href: match[4], className: "tel" }, [match[3]]));
      } else if (match[3] !== undefined) {
        var href = safeUrl(match[4]);
        parent.appendChild(href ? externalLink(href, match[3]) : document.createTextNode(match[0]));
      } else if (match[5] !== undefined) {
        var split = trimUrl(match[5]);
        var url = safeUrl(split[0]);
        parent.appendChild(url ? externalLink(url, split[0]) : document.createTextNode(split[0]));
        if (split[1]) {
          parent.appendChild(document.createTextNode(split[1]));
        }
      } else if (match[6] !== undefined) {
        parent.appendChild(el("code", { text: match[6] }));
      } else if (match[8] !== undefined) {
        parent.appendChild(document.createTextNode(match[7]));
        var em = el("em");
        if (depth < 2) {
          renderInline(match[8], em, ctx, depth + 1);
        } else {
          em.textContent = match[8];
        }
        parent.appendChild(em);
      }
    }
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // GFM tables: a header row, a rule ("| --- | :-: |") with as many cells, then body rows until a blank line
  var TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

  /** The cells of a table row: split on "|" (not "\|"), without the outer pipes. */
  function tableCells(line) {
    var text = line.trim().replace(/^\|/, "");
    if (/[^\\]\|$/.test(text) || text === "|") {
      text = text.slice(0, -1);
    }
    var cells = [];
    var cell = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === "\\" && text.charAt(i + 1) === "|") {
        cell += "|";
        i += 1;
      } else if (c === "|") {
        cells.push(cell.trim());
        cell = "";
      } else {
        cell += c;
      }
    }
    cells.push(cell.trim());
    return cells;
  }

  function isTableStart(lines, i) {
    return (
      i + 1 < lines.length &&
      lines[i].indexOf("|") >= 0 &&
      lines[i + 1].indexOf("|") >= 0 && // a lone "---" under a line with a "|" in it is not a table
      TABLE_RULE.test(lines[i + 1]) &&
      tableCells(lines[i]).length === tableCells(lines[i + 1]).length
    );
  }

  /** A <table> from lines[start..]: header cells are column headers, each body row's first cell its row header
   * (the field a comparison row is about); cells get the same inline rendering as paragraphs. Returns the table
   * (in a wrapper that scrolls sideways when the table is wider than the bubble) and the index after it. */
  function renderTable(lines, start, ctx) {
    var header = tableCells(lines[start]);
    var width = header.length;
    var headRow = el("tr");
    header.forEach(function (text) {
      var th = el("th", { scope: "col" });
      renderInline(text, th, ctx, 0);
      headRow.appendChild(th);
    });
    var body = el("tbody");
    var i = start + 2;
    for (; i < lines.length && lines[i].trim() && lines[i].indexOf("|") >= 0; i++) {
      var cells = tableCells(lines[i]).slice(0, width);
      while (cells.length < width) {
        cells.push("");
      }
      var row = el("tr");
      cells.forEach(function (text, column) {
        var cell = column === 0 && width > 1 ? el("th", { scope: "row" }) : el("td");
        renderInline(text, cell, ctx, 0);
        row.appendChild(cell);
      });
      body.appendChild(row);
    }
    var table = el("table", null, [el("thead", null, [headRow]), body]);
    // focusable, so that keyboard users can scroll a wide table (its name says what it is)
    var wrap = el("div", { className: "table-wrap", role: "group", "aria-label": T.table, tabindex: "0" }, [table]);
    return [wrap, i];
  }

  function renderMarkdown(markdown, ctx) {
    var out = document.createDocumentFragment();
    var lines = String(markdown || "")
      .replace(/\r\n?/g, "\n")
      .split("\n");
    var para = null;
    var list = null;
    var listKind = null;

    function closeAll() {
      para = null;
      list = null;
      listKind = null;
    }

    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line);
      var numbered = /^\s{0,3}(\d{1,3})[.)]\s+(.*)$/.exec(line);
      var heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (!line.trim()) {
        closeAll();
      } else if (isTableStart(lines, i)) {
        closeAll();
        var table = renderTable(lines, i, ctx);
        out.appendChild(table[0]);
        i = table[1] - 1;
      } else if (bullet || numbered) {
        var kind = bullet ? "ul" : "ol";
        if (!list || listKind !== kind) {
          list = el(kind);
          listKind = kind;
          if (numbered && numbered[1] !== "1") {
            list.setAttribute("start", numbered[1]);
          }
          out.appendChild(list);
        }
        para = null;
        var item = el("li");
        renderInline(bullet ? bullet[1] : numbered[2], item, ctx, 0);
        list.appendChild(item);
      } else if (heading) {
        closeAll();
        var p = el("p");
        var strong = el("strong");
        renderInline(heading[1], strong, ctx, 1);
        p.appendChild(strong);
        out.appendChild(p);
      } else {
        list = null;
        listKind = null;
        if (para) {
          para.appendChild(el("br"));
        } else {
          para = el("p");
          out.appendChild(para);
        }
        renderInline(line.trim(), para, ctx, 0);
      }
    }
    return out;
  }

  /** The text of a rendered answer for the live region: blocks on their own lines, no hidden hints. */
  function plainText(node) {
    var out = [];
    (function walk(n) {
      if (n.nodeType === 3) {
        out.push(n.nodeValue);
        return;
      }
      if (n.nodeType !== 1 || (n.classList && n.classList.contains("sr-only"))) {
        return;
      }
      var block = /^(P|LI|UL|OL|BR|DIV|TR)$/.test(n.nodeName);
      if (/^(TH|TD)$/.test(n.nodeName)) {
        out.push(" "); // cells of a row: apart, on one line
      }
      if (block) {
        out.push("\n");
      }
      for (var c = n.firstChild; c; c = c.nextSibling) {
        walk(c);
      }
      if (block) {
        out.push("\n");
      }
    })(node);
    return out
      .join("")
      .split("\n")
      .map(function (line) {
        return line.replace(/\s+/g, " ").trim();
      })
      .filter(Boolean)
      .join("\n");
  }

  // -- conversation store (this tab only) -----------------------------------------------------------------
  var memory = [];

  function loadMessages() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      var data = raw ? JSON.parse(raw) : null;
      if (data && Array.isArray(data.messages)) {
        return data.messages.filter(function (m) {
          return m && (m.role === "user" || m.role === "assistant") && typeof m.content === "string";
        });
      }
    } catch (e) {
      // storage blocked or damaged: start empty
    }
    return memory.slice();
  }

  function saveMessages(messages) {
    memory = messages.slice(-MAX_SHOWN);
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify({ v: 1, messages: memory }));
    } catch (e) {
      // storage full or blocked: keep the conversation in memory for this page only
    }
  }

  function clearMessages() {
    memory = [];
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) {
      // ignore
    }
  }

  /** The suggestions of an answer (from the server or sessionStorage) that are fit to show: strings only. */
  function suggestionsOf(list) {
    if (!Array.isArray(list)) {
      return [];
    }
    return list
      .filter(function (s) {
        return typeof s === "string" && s.trim();
      })
      .slice(0, MAX_SUGGESTIONS)
      .map(function (s) {
        return s.trim().slice(0, SUGGESTION_CHARS);
      });
  }

  function historyFor(messages) {
    return messages.slice(-HISTORY_TURNS).map(function (m) {
      return { role: m.role, content: m.content.slice(0, HISTORY_CHARS) };
    });
  }

  // -- Server-Sent Events over fetch (EventSource cannot POST) --------------------------------------------
  function SseParser(onEvent) {
    this.buffer = "";
    this.event = "";
    this.data = [];
    this.onEvent = onEvent;
  }

  SseParser.prototype.push = function (chunk, final) {
    this.buffer += chunk;
    var lines = this.buffer.split(/\r\n|\r(?!$)|\n/);
    this.buffer = final ? "" : lines.pop();
    if (final && lines.length && lines[lines.length - 1] !== "") {
      lines.push("");
    }
    for (var i = 0; i < lines.length; i++) {
      this.line(lines[i]);
    }
  };

  SseParser.prototype.line = function (line) {
    if (line === "" || line === "\r") {
      if (this.data.length) {
        this.onEvent(this.event || "message", this.data.join("\n"));
      }
      this.event = "";
      this.data = [];
      return;
    }
    if (line.charAt(0) === ":") {
      return;
    }
    var colon = line.indexOf(":");
    var field = colon < 0 ? line : line.slice(0, colon);
    var value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charAt(0) === " ") {
      value = value.slice(1);
    }
    if (field === "event") {
      this.event = value;
    } else if (field === "data") {
      this.data.push(value);
    }
  };

  function WidgetError(message) {
    this.message = message;
  }

  function errorFromResponse(response) {
    return response
      .json()
      .then(
        function (body) {
          return body && typeof body.error === "string" && body.error ? body.error : T.status(response.status);
        },
        function () {
          return T.status(response.status);
        }
      )
      .then(function (message) {
        throw new WidgetError(message);
      });
  }

  /** POST the question and call handlers.delta/replace/sources/done as events arrive. */
  function askStream(question, history, handlers) {
    var controller = window.AbortController ? new AbortController() : null;
    var timedOut = false;
    var timer = null;
    function arm() {
      if (!controller) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        timedOut = true;
        controller.abort();
      }, IDLE_TIMEOUT_MS);
    }
    arm();
    var finished = false;
    var parser = new SseParser(function (name, data) {
      var payload;
      try {
        payload = JSON.parse(data);
      } catch (e) {
        return;
      }
      if (name === "delta" && typeof payload.text === "string") {
        handlers.delta(payload.text);
      } else if (name === "replace" && typeof payload.text === "string") {
        handlers.replace(payload.text);
      } else if (name === "sources" && Array.isArray(payload.sources)) {
        handlers.sources(payload.sources);
      } else if (name === "done" && typeof payload.answer === "string") {
        finished = true;
        handlers.done(payload);
      } else if (name === "error") {
        finished = true;
        throw new WidgetError(typeof payload.error === "string" && payload.error ? payload.error : T.broken);
      }
    });

    return window
      .fetch(API + "/api/ask/stream", {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question: question, history: history }),
        signal: controller ? controller.signal : undefined,
      })
      .then(function (response) {
        arm();
        if (!response.ok) {
          return errorFromResponse(response);
        }
        if (!response.body || !response.body.getReader) {
          return response.text().then(function (text) {
            parser.push(text, true);
          });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder("utf-8");
        function pump() {
          return reader.read().then(function (step) {
            arm();
            if (step.done) {
              parser.push(decoder.decode(), true);
              return undefined;
            }
            parser.push(decoder.decode(step.value, { stream: true }), false);
            if (finished) {
              reader.cancel().catch(function () {});
              return undefined;
            }
            return pump();
          });
        }
        return pump();
      })
      .then(
        function () {
          window.clearTimeout(timer);
          if (!finished) {
            throw new WidgetError(T.broken);
          }
        },
        function (err) {
          window.clearTimeout(timer);
          if (err instanceof WidgetError) {
            throw err;
          }
          throw new WidgetError(timedOut ? T.timeout : T.network);
        }
      );
  }

  function sendFeedback(question, answer, rating) {
    return window
      .fetch(API + "/api/feedback", {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          question: question.slice(0, 2000),
          answer: answer.slice(0, 20000),
          rating: rating,
        }),
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("feedback " + response.status);
        }
        return response.json();
      });
  }

  // -- the widget -----------------------------------------------------------------------------------------
  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return "ww-" + prefix + "-" + uid;
  }

  function build() {
    var host = document.createElement("wijkwijzer-assistent");
    host.setAttribute("data-wijkwijzer", "widget");
    var root = host.attachShadow({ mode: "open" });
    try {
      // a constructed style sheet also works on host pages whose Content-Security-Policy forbids inline <style>
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }

    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var panelId = "ww-panel";
    var titleId = "ww-title";
    var inputId = "ww-input";

    var icon = svgIcon(ICONS.chat);

    var toggle = el(
      "button",
      {
        type: "button",
        className: "toggle",
        "aria-expanded": "false",
        "aria-controls": panelId,
        "aria-label": T.toggle,
      },
      [icon, el("span", { className: "label", text: T.toggle })]
    );

    var title = el("h2", { className: "title", id: titleId, text: TITLE });
    var resetButton = el("button", { type: "button", className: "reset", text: T.reset });
    var closeButton = el("button", { type: "button", className: "close", "aria-label": T.close, title: T.close }, [
      el("span", { "aria-hidden": "true", text: "×" }),
    ]);
    var actions = el("div", { className: "actions" }, [resetButton, closeButton]);
    var head = el("div", { className: "head" }, [title, actions]);

    var intro = el("p", { className: "intro", text: T.intro });
    var log = el("div", { className: "log", role: "region", "aria-label": T.log, tabindex: "0" }, [intro]);

    var input = el("textarea", {
      id: inputId,
      name: "question",
      rows: "2",
      placeholder: T.placeholder,
      autocomplete: "off",
      spellcheck: "true",
      enterkeyhint: "send",
    });
    var inputLabel = el("label", { for: inputId, className: "sr-only", text: T.label });
    var hint = el("span", { id: "ww-hint", className: "sr-only", text: T.hint });
    input.setAttribute("aria-describedby", "ww-hint ww-note ww-count");
    var send = el("button", { type: "submit", className: "send", text: T.send });
    var note = el("p", { id: "ww-note", className: "form-note", hidden: true });
    var count = el("p", { id: "ww-count", className: "count", hidden: true });
    var foot = el("div", { className: "form-foot", hidden: true }, [note, count]);
    var form = el("form", { className: "form", novalidate: true }, [inputLabel, hint, input, send, foot]);

    var live = el("div", { className: "sr-only live", "aria-live": "polite", "aria-atomic": "true" });

    var panel = el(
      "div",
      { className: "panel", id: panelId, role: "dialog", "aria-label": TITLE, "aria-modal": "false", hidden: true },
      [head, log, form]
    );
    // the toggle comes first in the tab order; column-reverse shows the panel above it
    var wrapper = el("div", { className: "root" }, [toggle, panel]);
    root.appendChild(wrapper);
    root.appendChild(live);

    var messages = loadMessages();
    var busy = false;

    // ---- rendering ----
    function reveal(node) {
      // scroll the log only (never the host page) so that `node` is in view
      var top = log.scrollTop + node.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
      var bottom = top + node.getBoundingClientRect().height + 16;
      var target = log.scrollTop;
      if (top < log.scrollTop || bottom - top > log.clientHeight) {
        target = top;
      } else if (bottom > log.scrollTop + log.clientHeight) {
        target = bottom - log.clientHeight;
      }
      if (log.scrollTo) {
        log.scrollTo({ top: Math.max(0, target), behavior: reduceMotion ? "auto" : "smooth" });
      } else {
        log.scrollTop = Math.max(0, target);
      }
    }

    function userBubble(text) {
      return el("div", { className: "msg user" }, [el("span", { className: "sr-only", text: T.you + " " }), text]);
    }

    function sourceLabel(source) {
      if (source.label) {
        return String(source.label); // the service names it in the answer's language
      }
      var section = String(source.section || "");
      var name = String(source.approach || "");
      return section && section !== "overzicht" ? name + " — " + section : name;
    }

    function renderAnswer(bubble, message, question) {
      var msgId = nextId("m");
      var sources = Array.isArray(message.sources) ? message.sources : [];
      var byNumber = {};
      sources.forEach(function (s) {
        if (s && typeof s.n === "number") {
          byNumber[s.n] = s;
        }
      });
      var details = null;

      function sourceItemId(n) {
        return msgId + "-bron-" + n;
      }

      var ctx = {
        citation: function (n, literal) {
          var source = byNumber[n];
          if (!source) {
            return document.createTextNode(literal);
          }
          var link = el("a", {
            href: "#" + sourceItemId(n),
            className: "cite",
            "aria-label": T.source + " " + n + ": " + sourceLabel(source),
            text: literal,
          });
          link.addEventListener("click", function (event) {
            event.preventDefault();
            var item = root.getElementById(sourceItemId(n));
            if (!item) {
              return;
            }
            if (details) {
              details.open = true;
            }
            Array.prototype.forEach.call(root.querySelectorAll("li.hit"), function (li) {
              li.classList.remove("hit");
            });
            item.classList.add("hit");
            item.focus({ preventScroll: true });
            reveal(item);
          });
          return link;
        },
      };

      bubble.textContent = "";
      bubble.className = "msg assistant";
      bubble.appendChild(el("span", { className: "sr-only", text: T.assistant + " " }));
      var body = el("div", { className: "answer" });
      body.appendChild(renderMarkdown(message.content, ctx));
      bubble.appendChild(body);

      if (sources.length) {
        var list = el("ol");
        sources.forEach(function (s) {
          if (!s || typeof s.n !== "number") {
            return;
          }
          var href = s.url ? safeUrl(s.url) : null;
          var item = el("li", { id: sourceItemId(s.n), value: String(s.n), tabindex: "-1" });
          if (href) {
            item.appendChild(externalLink(href, sourceLabel(s)));
          } else {
            item.appendChild(document.createTextNode(sourceLabel(s) + " "));
            item.appendChild(el("span", { className: "nolink", text: "(" + T.noLink + ")" }));
          }
          if (s.snippet) {
            item.appendChild(el("span", { className: "snippet", text: "“" + String(s.snippet) + "”" }));
          }
          list.appendChild(item);
        });
        details = el("details", { className: "sources" }, [
          el("summary", { text: T.sources + " (" + sources.length + ")" }),
          list,
        ]);
        bubble.appendChild(details);
      }

      if (question) {
        var up = el("button", { type: "button", "aria-pressed": "false", "aria-label": T.up, title: T.up }, [
          svgIcon(ICONS.up),
        ]);
        var down = el("button", { type: "button", "aria-pressed": "false", "aria-label": T.down, title: T.down }, [
          svgIcon(ICONS.down),
        ]);
        var note = el("span", { className: "note" });
        var rate = function (rating, button, other) {
          if (button.getAttribute("aria-pressed") === "true") {
            return;
          }
          button.setAttribute("aria-pressed", "true");
          other.setAttribute("aria-pressed", "false");
          sendFeedback(question, message.content, rating).then(
            function () {
              note.textContent = T.thanks;
            },
            function () {
              button.setAttribute("aria-pressed", "false");
              note.textContent = T.feedbackFailed;
            }
          );
        };
        up.addEventListener("click", function () {
          rate("up", up, down);
        });
        down.addEventListener("click", function () {
          rate("down", down, up);
        });
        bubble.appendChild(el("div", { className: "rate" }, [el("span", { text: T.useful }), up, down, note]));
      }
      return body;
    }

    // ---- suggested next questions: buttons under the latest answer only ----
    var chips = null;

    function clearChips() {
      if (chips) {
        chips.remove();
        chips = null;
      }
    }

    function showChips(questions) {
      clearChips();
      if (!questions.length) {
        return;
      }
      chips = el("div", { className: "chips", role: "group", "aria-label": T.suggestions });
      questions.forEach(function (question) {
        var chip = el("button", { type: "button", text: question });
        chip.addEventListener("click", function () {
          if (busy) {
            return;
          }
          // the chip goes away with the new question: keep the focus in the conversation (not on the page,
          // and not in the text box, which would open a phone's keyboard over the answer)
          log.focus({ preventScroll: true });
          ask(question);
        });
        chips.appendChild(chip);
      });
      log.appendChild(chips);
    }

    function renderAll() {
      clearChips();
      Array.prototype.slice.call(log.querySelectorAll(".msg")).forEach(function (node) {
        node.remove();
      });
      var lastQuestion = "";
      messages.forEach(function (m) {
        if (m.role === "user") {
          lastQuestion = m.content;
          log.appendChild(userBubble(m.content));
        } else {
          var bubble = el("div", { className: "msg assistant" });
          log.appendChild(bubble);
          renderAnswer(bubble, m, lastQuestion);
        }
      });
      var last = messages[messages.length - 1];
      if (last && last.role === "assistant") {
        showChips(suggestionsOf(last.suggestions));
      }
      log.scrollTop = log.scrollHeight;
    }

    // ---- opening and closing ----
    function isOpen() {
      return !panel.hidden;
    }

    function open(moveFocus) {
      panel.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      log.scrollTop = log.scrollHeight;
      if (moveFocus) {
        input.focus();
      }
    }

    function close() {
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }

    toggle.addEventListener("click", function () {
      if (isOpen()) {
        close();
      } else {
        open(true);
      }
    });
    closeButton.addEventListener("click", close);
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && isOpen()) {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });

    resetButton.addEventListener("click", function () {
      if (busy) {
        return;
      }
      messages = [];
      clearMessages();
      renderAll();
      window.clearTimeout(announceTimer);
      live.textContent = "";
      input.value = "";
      showNote("");
      input.focus();
    });

    // ---- the live region: only the new answer (or what went wrong) is announced, once ----
    var announceTimer = null;
    function announce(text) {
      window.clearTimeout(announceTimer);
      live.textContent = "";
      // set after a pause, so that a text equal to the previous one is announced again
      announceTimer = window.setTimeout(function () {
        live.textContent = text;
      }, 150);
    }

    // ---- asking ----
    function setBusy(value) {
      busy = value;
      send.setAttribute("aria-disabled", value ? "true" : "false");
      log.setAttribute("aria-busy", value ? "true" : "false");
    }

    function showError(bubble, question, text) {
      bubble.textContent = "";
      bubble.className = "msg error";
      bubble.appendChild(el("span", { className: "sr-only", text: T.assistant + " " }));
      bubble.appendChild(document.createTextNode(text));
      announce(text);
      if (!input.value.trim()) {
        input.value = question; // keep what was typed so it can be sent again or shortened
      }
      reveal(bubble);
    }

    function ask(question) {
      clearChips();
      var history = historyFor(messages);
      var userNode = userBubble(question);
      var bubble = el("div", { className: "msg assistant streaming" }, [
        el("span", { className: "loading", text: T.loading }),
        el("span", { className: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
      ]);
      log.appendChild(userNode);
      log.appendChild(bubble);
      reveal(bubble);
      setBusy(true);

      var shown = "";
      function show(text) {
        shown = text;
        bubble.textContent = shown;
        log.scrollTop = log.scrollHeight;
      }

      if (!API) {
        showError(bubble, question, T.config);
        setBusy(false);
        return;
      }

      askStream(question, history, {
        delta: function (text) {
          show(shown + text);
        },
        replace: function (text) {
          show(text);
        },
        sources: function () {},
        done: function (result) {
          var message = {
            role: "assistant",
            content: result.answer,
            sources: Array.isArray(result.sources) ? result.sources : [],
            suggestions: suggestionsOf(result.suggestions),
          };
          messages.push({ role: "user", content: question }, message);
          saveMessages(messages);
          var body = renderAnswer(bubble, message, question);
          showChips(message.suggestions);
          announce(plainText(body));
          reveal(userNode);
        },
      })
        .catch(function (err) {
          showError(bubble, question, err && err.message ? err.message : T.network);
        })
        .then(function () {
          setBusy(false);
        });
    }

    // ---- under the question box: a note on why a question was not sent, and a counter near the limit ----
    function showNote(text) {
      note.textContent = text;
      note.hidden = !text;
      foot.hidden = note.hidden && count.hidden; // (no empty row under the box)
      if (text) {
        announce(text);
      }
    }

    function updateCount() {
      var length = input.value.length;
      count.textContent = length >= COUNT_FROM ? T.count(length, MAX_CHARS) : "";
      count.hidden = length < COUNT_FROM;
      count.classList.toggle("over", length > MAX_CHARS);
      foot.hidden = note.hidden && count.hidden;
    }

    input.addEventListener("input", function () {
      updateCount();
      if (!note.hidden && input.value.trim() && input.value.trim().length <= MAX_CHARS) {
        showNote(""); // the problem the note named is solved
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var question = input.value.trim();
      if (busy) {
        return; // the send button says aria-disabled while busy
      }
      // checked here, before any request: an empty question gets a hint, a too long one stays in the box
      if (!question || question.length > MAX_CHARS) {
        showNote(question ? T.tooLong(MAX_CHARS) : T.empty);
        input.focus();
        return;
      }
      showNote("");
      input.value = ""; // (a suggestion chip sends its own text and leaves what is being typed alone)
      updateCount();
      ask(question);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        if (form.requestSubmit) {
          form.requestSubmit(send);
        } else {
          send.click();
        }
      }
    });

    // ---- a phone's on-screen keyboard: on pages whose layout viewport does not shrink for it (the default), the
    // keyboard covers the bottom of the page, where this panel sits. Lift the panel above it and fit it in what
    // is left, so the question box and its button stay visible.
    function fitKeyboard() {
      var view = window.visualViewport;
      var covered = view ? Math.max(0, Math.round(window.innerHeight - (view.offsetTop + view.height))) : 0;
      var em = parseFloat(window.getComputedStyle(wrapper).fontSize) || 16;
      wrapper.style.paddingBottom = covered ? covered + "px" : "";
      wrapper.style.maxHeight = covered ? Math.max(0, covered + view.height - 2 * em) + "px" : "";
    }
    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", fitKeyboard);
      window.visualViewport.addEventListener("scroll", fitKeyboard);
    }

    renderAll();
    document.body.appendChild(host);
    if (START_OPEN) {
      open(false);
    }
  }

  if (document.body) {
    build();
  } else {
    document.addEventListener("DOMContentLoaded", build);
  }
})();
