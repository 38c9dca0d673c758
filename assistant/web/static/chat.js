() => {
  /*
   * The Gradio chat at `/`: what Gradio's own components cannot be told to do. Gradio runs this function once when
   * the page has loaded; `chat_ui.page_script()` puts the Dutch texts and the question limit in place of the
   * placeholder below. Everything here works on Gradio's rendered DOM and keeps working when Gradio re-renders a
   * part (a MutationObserver applies each fix again, and each fix does nothing the second time).
   *
   * - Dutch screen-reader labels and tooltips for Gradio's icon buttons and regions (Gradio has no Dutch text for
   *   them); no English "bot's message: <raw Markdown>" label on every message; the "Bronnen" toggle without a
   *   nameless button inside it (axe: button-name, nested-interactive); the examples as a group, not a list.
   * - Citations [n] become links that open the answer's "Bronnen" and highlight source n.
   * - Help lines (tel: links) open the phone app in the same tab.
   * - Each new question scrolls the conversation to its start (not to the end of the answer); the page never jumps
   *   on load (the question box gets the focus without scrolling).
   * - A counter near the question limit ("912/1000 tekens").
   * - On a phone, the question box and its button stay above the on-screen keyboard (visualViewport).
   * - The conversation is kept for this tab in sessionStorage (saved by `save`, restored by the page's load event,
   *   see chat_ui.py).
   */
  const CONFIG = "__WIJKWIJZER_CHAT_CONFIG__";
  const T = CONFIG.texts;
  const LIMIT = CONFIG.max_chars;
  const COUNT_FROM = Math.floor(LIMIT * 0.8); // the counter shows from 80% of the limit on
  document.documentElement.lang = "nl";

  // the layout viewport shrinks when a phone's keyboard opens, so fixed and bottom content stays reachable
  const meta = document.querySelector("meta[name=viewport]");
  if (meta && !/interactive-widget/.test(meta.content)) {
    meta.content += ", interactive-widget=resizes-content";
  }

  const chat = () => document.getElementById("wijkwijzer-chat");
  const questionBox = () => document.querySelector("#wijkwijzer-question textarea");

  // -- labels -----------------------------------------------------------------------------------------------
  function dutch(node, attribute) {
    const value = node.getAttribute(attribute);
    if (value && Object.prototype.hasOwnProperty.call(T.gradio_labels, value)) {
      node.setAttribute(attribute, T.gradio_labels[value]);
    }
  }

  function fixLabels(root) {
    root.querySelectorAll("[aria-label], [title]").forEach((node) => {
      dutch(node, "aria-label");
      dutch(node, "title");
    });
    // the message's rendered text is what a screen reader should read, not Gradio's "bot's message: **…**"
    root.querySelectorAll("[data-testid=bot][aria-label], [data-testid=user][aria-label]").forEach((node) => {
      node.removeAttribute("aria-label");
    });
    root.querySelectorAll(".examples[role=list]").forEach((node) => {
      node.setAttribute("role", "group");
      node.setAttribute("aria-label", T.examples);
    });
    root.querySelectorAll(".thought-group > [role=button]").forEach((toggle) => {
      // the arrow is decoration of the toggle (which has the name "Bronnen"), not a second, nameless button
      // (disabled, so not focusable; a click on it reaches the toggle through CSS pointer-events: none)
      toggle.querySelectorAll("button").forEach((arrow) => {
        if (!arrow.disabled) {
          arrow.disabled = true;
          arrow.setAttribute("aria-hidden", "true");
        }
      });
      const expanded = toggle.classList.contains("expanded") ? "true" : "false";
      if (toggle.getAttribute("aria-expanded") !== expanded) {
        toggle.setAttribute("aria-expanded", expanded);
      }
    });
    root.querySelectorAll("a[href^='tel:'][target]").forEach((link) => {
      link.removeAttribute("target"); // calling is not a new tab
    });
  }

  // -- citations --------------------------------------------------------------------------------------------
  const CITATION = /\[(\d{1,2})\]/g;

  function sourcesOf(message) {
    // the "Bronnen" block is the next message of the same answer (Gradio groups them in one row)
    const row = message.closest(".message-row");
    return row ? row.querySelector(".thought-group") : null;
  }

  function sourceItem(group, n) {
    const items = group.querySelectorAll("ol > li");
    return items[n - 1] || null;
  }

  function openSource(link) {
    const message = link.closest("[data-testid=bot]");
    const group = message && sourcesOf(message);
    if (!group) {
      return;
    }
    const n = Number(link.getAttribute("data-n"));
    const toggle = group.querySelector(":scope > [role=button]");
    if (toggle && !toggle.classList.contains("expanded")) {
      toggle.click();
    }
    // the list renders after the toggle opens: wait for it
    let tries = 0;
    (function highlight() {
      const item = sourceItem(group, n);
      if (!item && tries++ < 20) {
        window.requestAnimationFrame(highlight);
        return;
      }
      if (!item) {
        return;
      }
      // Gradio slides the sources open: scroll to the item when it is where it will stay (the height of the
      // sources unchanged for a few frames; a second at most). "instant": the conversation scrolls smoothly
      // otherwise, and a smooth scroll stops when the page changes meanwhile.
      let last = -1;
      let still = 0;
      let frames = 0;
      (function settle() {
        const height = group.getBoundingClientRect().height;
        still = height === last ? still + 1 : 0;
        last = height;
        if (still < 5 && frames++ < 60) {
          window.requestAnimationFrame(settle);
          return;
        }
        const target = sourceItem(group, n) || item; // (the list may have been drawn anew meanwhile)
        chat()
          .querySelectorAll("li.ww-hit")
          .forEach((li) => li.classList.remove("ww-hit"));
        target.classList.add("ww-hit");
        target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: true });
        // (centred: Gradio's "to the end" arrow covers the bottom of the conversation)
        target.scrollIntoView({ block: "center", behavior: "instant" });
      })();
    })();
  }

  function linkCitations(root) {
    root.querySelectorAll("[data-testid=bot] .message-content").forEach((content) => {
      if (content.closest(".thought-group")) {
        return;
      }
      const message = content.closest("[data-testid=bot]");
      const group = sourcesOf(message);
      const count = group ? group.querySelectorAll("ol > li").length : 0;
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      const texts = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.parentElement.closest("a, code, pre") && /\[\d{1,2}\]/.test(node.nodeValue)) {
          texts.push(node);
        }
      }
      texts.forEach((node) => {
        const text = node.nodeValue;
        const out = document.createDocumentFragment();
        let pos = 0;
        let linked = false;
        text.replace(CITATION, (literal, digits, index) => {
          const n = Number(digits);
          if (n < 1 || n > count) {
            return literal; // no such source (yet): the text stays as it is
          }
          out.appendChild(document.createTextNode(text.slice(pos, index)));
          const link = document.createElement("a");
          link.className = "ww-cite";
          link.href = "#";
          link.setAttribute("data-n", String(n));
          const item = sourceItem(group, n);
          const name = item ? item.textContent.trim() : "";
          link.setAttribute("aria-label", T.source + " " + n + (name ? ": " + name : ""));
          link.textContent = literal;
          out.appendChild(link);
          pos = index + literal.length;
          linked = true;
          return literal;
        });
        if (linked) {
          out.appendChild(document.createTextNode(text.slice(pos)));
          node.parentNode.replaceChild(out, node);
        }
      });
    });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("#wijkwijzer-chat a.ww-cite");
    if (link) {
      event.preventDefault();
      event.stopPropagation();
      openSource(link);
    }
  });

  // -- scrolling: each new question at the top of the conversation ---------------------------------------
  // The new question is "pinned" to the top while its answer streams in (at first there is too little below it to
  // scroll that far), until it is there or the reader does something in the conversation (scrolls, clicks, tabs).
  let questions = -1;
  let pinned = null;
  ["wheel", "touchmove", "keydown", "pointerdown", "focusin"].forEach((name) =>
    document.addEventListener(name, (event) => {
      if (pinned && event.target.closest && event.target.closest("#wijkwijzer-chat")) {
        pinned = null;
      }
    }, { passive: true })
  );

  function scroller(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) {
        return el;
      }
    }
    return null;
  }

  function revealNewQuestion(root) {
    const users = root.querySelectorAll("[data-testid=user]");
    if (users.length !== questions) {
      const first = questions === -1;
      questions = users.length;
      pinned = users.length ? users[users.length - 1].closest(".message-row") || users[users.length - 1] : null;
      // the whole conversation box in view (it fits above the question box), unless this is the page loading
      const top = root.getBoundingClientRect().top;
      if (pinned && !first && top < 0) {
        window.scrollBy({ top: top - 8, behavior: "instant" });
      }
    }
    if (!pinned || !pinned.isConnected) {
      pinned = null;
      return;
    }
    const box = scroller(pinned);
    if (!box) {
      return; // not enough below it yet: again at the next change
    }
    const offset = pinned.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    if (Math.abs(offset) > 1) {
      box.scrollTo({ top: box.scrollTop + offset, behavior: "instant" });
    }
    if (Math.abs(pinned.getBoundingClientRect().top - box.getBoundingClientRect().top - 8) <= 1) {
      pinned = null; // there: the answer grows below it without moving it
    }
  }

  // -- the counter ------------------------------------------------------------------------------------------
  function counter() {
    const block = document.getElementById("wijkwijzer-question");
    if (!block) {
      return null;
    }
    let node = document.getElementById("wijkwijzer-count");
    if (!node) {
      node = document.createElement("p");
      node.id = "wijkwijzer-count";
      node.className = "ww-count";
      node.hidden = true;
      block.appendChild(node);
    }
    return node;
  }

  function updateCounter() {
    const box = questionBox();
    const node = counter();
    if (!box || !node) {
      return;
    }
    const count = box.value.length;
    const show = count >= COUNT_FROM;
    const over = count > LIMIT;
    const template = over ? T.count_over : T.count;
    const text = show ? template.replace("{count}", count).replace("{max}", LIMIT) : "";
    if (node.textContent !== text) {
      node.textContent = text;
    }
    node.hidden = !show;
    node.classList.toggle("ww-over", over);
    // screen readers hear the count with the question box, not on every key
    if (show) {
      box.setAttribute("aria-describedby", "wijkwijzer-count");
    } else if (box.getAttribute("aria-describedby") === "wijkwijzer-count") {
      box.removeAttribute("aria-describedby");
    }
  }

  document.addEventListener("input", (event) => {
    if (event.target === questionBox()) {
      updateCounter();
    }
  });

  // -- the on-screen keyboard -------------------------------------------------------------------------------
  function keepInputVisible() {
    const box = questionBox();
    if (!box || document.activeElement !== box) {
      return;
    }
    const row = document.getElementById("wijkwijzer-input-row") || box;
    const view = window.visualViewport;
    const bottom = view ? view.offsetTop + view.height : window.innerHeight;
    const rect = row.getBoundingClientRect();
    if (rect.bottom > bottom || rect.top < (view ? view.offsetTop : 0)) {
      window.scrollBy({ top: rect.bottom - bottom + 8, behavior: "instant" });
    }
  }
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", keepInputVisible);
  }
  window.addEventListener("resize", keepInputVisible);

  // -- every fix, again after each change of the page ---------------------------------------------------------
  let queued = false;
  function fixAll() {
    queued = false;
    const root = chat();
    if (root) {
      fixLabels(document.body);
      linkCitations(root);
      revealNewQuestion(root);
    }
    updateCounter();
  }
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(fixAll);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true,
    attributeFilter: ["aria-label", "title", "class", "role", "target"] });
  fixAll();

  // the focus in the question box, without scrolling the title and introduction away
  (function focusQuestion(tries) {
    const box = questionBox();
    if (box) {
      box.focus({ preventScroll: true });
    } else if (tries < 50) {
      window.setTimeout(() => focusQuestion(tries + 1), 100);
    }
  })(0);
}
