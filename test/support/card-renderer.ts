/**
 * Adaptive Card render harness.
 *
 * Renders cards with the official `adaptivecards` JS renderer (the same code the
 * Adaptive Cards designer uses) inside headless Chromium, with a Teams-like host
 * config, so that:
 *   - tests can assert a card parses/validates/renders with zero errors and
 *     inspect its visible text, input ids and action titles;
 *   - scripts can write PNG screenshots of cards for the README.
 *
 * Typical use (mocha):
 *
 *   let renderer: CardRenderer;
 *   before(async function () { this.timeout(60000); renderer = await startCardRenderer(); });
 *   after(async () => { await renderer?.close(); });
 *   it('renders', async () => { assertNoCardErrors(await renderer.render(card), 'rsvp card'); });
 *
 * Typical use (script):
 *
 *   await withCardRenderer(async (r) => { await r.screenshot(card, 'docs/img/rsvp.png'); });
 *
 * The machine running CI has no network: the browser is started with every
 * background-networking feature disabled, pages are created with setContent()
 * and every request a card makes (e.g. Image urls) is aborted unless it is
 * mapped to a local file through the `assets` option.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { chooseChromium, type ChromiumLaunch } from './chromium.js';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type CardIssuePhase = 'structure' | 'parse' | 'validation' | 'render';

/** One problem found in a card. `errors`/`warnings` in RenderResult are these, formatted. */
export interface CardIssue {
  severity: 'error' | 'warning';
  phase: CardIssuePhase;
  /** Adaptive Cards ValidationEvent name (e.g. "UnknownElementType") or a harness code (e.g. "NotAnArray"). */
  event: string;
  message: string;
  /** Where: a JSON path for structure issues, "Type#id" of the card object for renderer events. */
  source?: string;
}

export interface RenderedAction {
  type: string;
  title?: string;
  id?: string;
  /** Action.Execute only. */
  verb?: string;
  /** Action.Submit / Action.Execute data, as parsed by the renderer. */
  data?: unknown;
  /** Action.OpenUrl only. */
  url?: string;
  /** True when the action lives inside an Action.ShowCard card. */
  inShowCard: boolean;
}

export interface RenderResult {
  /** Anything that would make the card fail or misbehave in Teams. CI should require this to be empty. */
  errors: string[];
  /** Hints, deprecations, unknown (ignored) properties, Teams compatibility notes. */
  warnings: string[];
  /** Structured form of errors + warnings. */
  issues: CardIssue[];
  /** outerHTML of the rendered card root. */
  html: string;
  /** innerText of the rendered card (what a user sees: collapsed Action.ShowCard cards are not included). */
  text: string;
  /** `text` followed by the text of every Action.ShowCard card (rendered off-screen), one block per card, depth first. */
  allText: string;
  /** ids of every input, including inputs inside Action.ShowCard cards. */
  inputIds: string[];
  /** Titles of every titled action: card actions, ActionSets, selectActions and actions inside Action.ShowCard cards (depth first). */
  actionTitles: string[];
  actions: RenderedAction[];
  /** Card version as parsed by the renderer, e.g. "1.5". */
  version?: string;
  /** Size of the rendered card element in CSS pixels. */
  size: { width: number; height: number };
}

export interface RenderOptions {
  /** Card width in CSS px (default 450, roughly a Teams chat bubble). */
  width?: number;
  /**
   * Highest card version accepted without an error. Default: the newest version the
   * bundled renderer supports (1.6 for adaptivecards 3.x).
   */
  maxVersion?: string;
  /** Override/extend the Teams-like host config (shallow-merged over it). */
  hostConfig?: Record<string, unknown>;
  /** Map of absolute URL -> local file path, served to the page instead of hitting the network. */
  assets?: Record<string, string>;
}

export interface ScreenshotOptions extends RenderOptions {
  /** Device scale factor for the PNG (default 2 for crisp README images). */
  scale?: number;
  /** Expand Action.ShowCard cards before the screenshot: true for all, or a list of action titles. */
  expandShowCards?: boolean | string[];
  /** Throw a CardRenderError instead of writing the PNG when the card has errors (default true). */
  failOnError?: boolean;
}

export interface CardRendererOptions {
  /** Chromium executable (default: chosen by test/support/chromium.ts: $CHROMIUM_PATH, the machine's, else @sparticuz/chromium). */
  executablePath?: string;
  /** A browser already chosen, with its flags and environment (e.g. bundledChromium()); wins over executablePath. */
  launch?: ChromiumLaunch;
  /** Assets (URL -> local file) available to every render/screenshot. */
  assets?: Record<string, string>;
  /** Default timeout for page operations in ms (default 30000). */
  timeoutMs?: number;
}

export interface CardRenderer {
  render(card: object, opts?: RenderOptions): Promise<RenderResult>;
  /** Renders in a Teams-like frame and writes a PNG of just the card element to `file` (directories are created). */
  screenshot(card: object, file: string, opts?: ScreenshotOptions): Promise<RenderResult>;
  /** Convenience: render and throw CardRenderError if there are errors. */
  assertValid(card: object, label?: string, opts?: RenderOptions): Promise<RenderResult>;
  close(): Promise<void>;
  /** Which Chromium is rendering (see test/support/chromium.ts). */
  browser: { source: ChromiumLaunch['source']; executablePath: string; version: string };
}

export class CardRenderError extends Error {
  constructor(
    message: string,
    readonly result: RenderResult,
  ) {
    super(message);
    this.name = 'CardRenderError';
  }
}

// ---------------------------------------------------------------------------
// Constants / assets
// ---------------------------------------------------------------------------

export const DEFAULT_CARD_WIDTH = 450;
/** Teams rejects bot messages over roughly 28 KB; cards near that size get a warning. */
export const TEAMS_MAX_CARD_BYTES = 28 * 1024;
/** Newest schema version Teams clients are documented to render; newer cards get a warning. */
export const TEAMS_MAX_CARD_VERSION = '1.5';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--font-render-hinting=none',
  '--lang=en-GB',
];

const here = dirname(fileURLToPath(import.meta.url));
const requireCjs = createRequire(import.meta.url);

export const HOST_CONFIG_PATH = join(here, 'teams-host-config.json');

/** The Teams-like host config (parsed test/support/teams-host-config.json). */
export const teamsHostConfig: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(HOST_CONFIG_PATH, 'utf8'),
) as Record<string, unknown>;

/** Path of the official renderer's browser bundle. */
export const ADAPTIVECARDS_BUNDLE_PATH = resolveBundle();

function resolveBundle(): string {
  const pkgDir = dirname(requireCjs.resolve('adaptivecards/package.json'));
  for (const name of ['dist/adaptivecards.min.js', 'dist/adaptivecards.js']) {
    const p = resolve(pkgDir, name);
    if (existsSync(p)) return p;
  }
  throw new Error(`adaptivecards browser bundle not found under ${pkgDir}/dist`);
}

// ---------------------------------------------------------------------------
// Page HTML / CSS / in-page script
// ---------------------------------------------------------------------------

const FONT_STACK =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";

/** Teams-ish styling of the bits the renderer leaves to CSS (buttons, inputs), plus the frame. */
const FRAME_CSS = `
  html, body { margin: 0; padding: 0; background: #f5f5f5; }
  body { font-family: ${FONT_STACK}; color: #242424; -webkit-font-smoothing: antialiased; }
  #frame { padding: 24px; display: inline-block; background: #f5f5f5; }
  #card-host {
    background: #ffffff; border: 1px solid #e0e0e0; border-radius: 8px; overflow: hidden;
    box-sizing: border-box;
  }
  #card-host .ac-adaptiveCard { border-radius: 8px; }
  .ac-pushButton {
    font-family: ${FONT_STACK}; font-size: 14px; font-weight: 600; line-height: 20px;
    min-height: 32px; padding: 5px 12px; border-radius: 4px; cursor: pointer;
    background: #ffffff; color: #242424; border: 1px solid #d1d1d1;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  }
  .ac-pushButton:hover { background: #f5f5f5; border-color: #c7c7c7; }
  .ac-pushButton.style-positive { background: #5b5fc7; color: #ffffff; border-color: #5b5fc7; }
  .ac-pushButton.style-destructive { background: #ffffff; color: #c4314b; border-color: #d1d1d1; }
  .ac-pushButton.expanded { background: #e8ebfa; color: #4f52b2; border-color: #c5cbfa; }
  .ac-pushButton.expandable::after { content: '\\25BE'; margin-left: 6px; font-weight: 400; }
  .ac-pushButton.expandable.expanded::after { content: '\\25B4'; }
  .ac-input { font-family: ${FONT_STACK}; font-size: 14px; color: #242424; }
  .ac-input.ac-textInput, .ac-input.ac-numberInput, .ac-input.ac-dateInput, .ac-input.ac-timeInput,
  .ac-input.ac-multichoiceInput select, select.ac-input {
    box-sizing: border-box; min-height: 32px; padding: 5px 10px; background: #ffffff;
    border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px;
  }
  .ac-input.ac-textInput.ac-multiline { min-height: 72px; resize: none; }
  .ac-input-validation-failed { border-color: #c4314b !important; }
  a.ac-anchor, .ac-textBlock a { color: #5b5fc7; text-decoration: none; }
  .ac-textBlock p { margin: 0; }
  .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; box-sizing: border-box; }
`;

const FRAME_HTML = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>card</title><style>${FRAME_CSS}</style></head>
<body><div id="frame"><div id="card-host"></div></div></body></html>`;

/**
 * Plain JS evaluated in the page (kept as a string so the TS loader never injects
 * helpers into code that runs in the browser). Defines window.__nscpRenderCard.
 */
const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var AC = window.AdaptiveCards;
  if (!AC) { throw new Error("AdaptiveCards bundle did not load"); }

  // Teams-like global behaviour.
  AC.GlobalSettings.enableFallback = true;           // Teams honours "fallback"
  AC.GlobalSettings.displayInputValidationErrors = true;
  AC.GlobalSettings.setTabIndexAtCardRoot = false;
  AC.GlobalSettings.useAdvancedTextBlockTruncation = true;
  AC.GlobalSettings.useAdvancedCardBottomTruncation = false;
  AC.GlobalSettings.allowMoreThanMaxActionsInOverflowMenu = false;
  AC.GlobalSettings.useMarkdownInRadioButtonAndCheckbox = true;

  var WARNING_EVENTS = {};
  WARNING_EVENTS[AC.ValidationEvent.Hint] = true;
  WARNING_EVENTS[AC.ValidationEvent.Deprecated] = true;

  // Property names the renderer does not model but which are legitimate in Teams cards.
  // Collections (body/items/actions/...) are parsed by hand by the renderer, so they are not in the schemas either.
  var EXTRA_KNOWN_PROPS = {
    "type": 1, "fallback": 1, "$schema": 1, "$data": 1, "$when": 1, "msteams": 1, "requires": 1, "lang": 1,
    "body": 1, "items": 1, "actions": 1, "card": 1, "columns": 1, "rows": 1, "cells": 1, "inlines": 1, "pages": 1
  };

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function inlineMd(s) {
    s = escapeHtml(s);
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, function (m, t, u) {
      return /^(https?:|mailto:|tel:)/i.test(u) ? '<a href="' + u + '" target="_blank" rel="noopener noreferrer">' + t + "</a>" : m;
    });
    s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    s = s.replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>");
    s = s.replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, "$1<em>$2</em>");
    return s;
  }
  // Small markdown subset, like Teams: **bold**, _italic_, [links](url), - bullets, 1. numbers, line breaks.
  function markdown(text) {
    var lines = String(text).split(/\r?\n/);
    var out = "", para = [], listTag = null;
    function flushPara() { if (para.length) { out += "<p>" + para.map(inlineMd).join("<br>") + "</p>"; para = []; } }
    function closeList() { if (listTag) { out += "</" + listTag + ">"; listTag = null; } }
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var ul = /^\s*[-*+]\s+(.*)$/.exec(line);
      var ol = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (ul || ol) {
        flushPara();
        var tag = ul ? "ul" : "ol";
        if (listTag !== tag) { closeList(); out += "<" + tag + ">"; listTag = tag; }
        out += "<li>" + inlineMd((ul || ol)[1]) + "</li>";
      } else if (/^\s*$/.test(line)) {
        flushPara(); closeList();
      } else {
        closeList(); para.push(line);
      }
    }
    flushPara(); closeList();
    return out;
  }
  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  function eventName(ev) {
    var n = AC.ValidationEvent[ev];
    return typeof n === "string" ? n : String(ev);
  }
  function describe(obj) {
    if (!obj) { return undefined; }
    try {
      var t = typeof obj.getJsonTypeName === "function" ? obj.getJsonTypeName() : (obj.constructor && obj.constructor.name) || "object";
      return obj.id ? t + "#" + obj.id : t;
    } catch (e) { return undefined; }
  }
  // innerText of tables/columns is full of tabs and blank lines: one trimmed line per visual line.
  function normalizeText(t) {
    return String(t).split(/\n/).map(function (l) { return l.replace(/[ \t\u00a0]+/g, " ").trim(); })
      .filter(function (l) { return l.length > 0; }).join("\n");
  }
  function propNames(obj) {
    var names = {};
    try {
      var schema = obj.getSchema();
      for (var i = 0; i < schema.getCount(); i++) { names[schema.getItemAt(i).name] = 1; }
    } catch (e) { /* ignore */ }
    return names;
  }

  window.__nscpRenderCard = function (args) {
    var issues = [];
    function add(severity, phase, event, message, source) {
      issues.push({ severity: severity, phase: phase, event: event, message: message, source: source });
    }
    var pageErrors = [];
    var onErr = function (e) { pageErrors.push(String((e && e.message) || e)); };
    window.addEventListener("error", onErr);

    var host = document.getElementById("card-host");
    host.innerHTML = "";
    host.style.width = args.width + "px";

    var ac = new AC.AdaptiveCard();
    ac.hostConfig = new AC.HostConfig(args.hostConfig);
    if (args.maxVersion) { ac.maxVersion = new AC.Version(args.maxVersion[0], args.maxVersion[1]); }

    // Unknown (ignored) properties are usually typos: report them as warnings.
    function checkProps(obj, source) {
      if (!obj || !source || typeof source !== "object" || Array.isArray(source)) { return; }
      var known = propNames(obj);
      Object.keys(source).forEach(function (k) {
        if (!known[k] && !EXTRA_KNOWN_PROPS[k]) {
          add("warning", "parse", "UnknownProperty", 'Property "' + k + '" is not supported on ' + obj.getJsonTypeName() + " and will be ignored", describe(obj));
        }
      });
    }
    var ctx = new AC.SerializationContext();
    ctx.onParseElement = function (el, src) { checkProps(el, src); };
    ctx.onParseAction = function (a, src) { checkProps(a, src); };

    try {
      ac.parse(args.card, ctx);
      checkProps(ac, args.card);
    } catch (e) {
      add("error", "parse", "Exception", "Renderer threw while parsing: " + ((e && e.message) || e));
    }

    for (var i = 0; i < ctx.eventCount; i++) {
      var ev = ctx.getEventAt(i);
      add(WARNING_EVENTS[ev.event] ? "warning" : "error",
        ev.phase === AC.ValidationPhase.Validation ? "validation" : "parse",
        eventName(ev.event), ev.message, describe(ev.source));
    }

    try {
      var vr = ac.validateProperties();
      var events = vr.validationEvents || vr.allIssues || [];
      for (var j = 0; j < events.length; j++) {
        var v = events[j];
        add(WARNING_EVENTS[v.event] ? "warning" : "error", "validation", eventName(v.event), v.message, describe(v.source));
      }
    } catch (e) {
      add("error", "validation", "Exception", "Renderer threw while validating: " + ((e && e.message) || e));
    }

    // Older renderers turn unknown types into UnknownElement/UnknownAction instead of dropping them.
    function isUnknownObject(o) {
      return (AC.UnknownElement && o instanceof AC.UnknownElement) || (AC.UnknownAction && o instanceof AC.UnknownAction);
    }

    var rendered = null;
    try {
      rendered = ac.render(host);
    } catch (e) {
      add("error", "render", "Exception", "Renderer threw while rendering: " + ((e && e.message) || e));
    }
    if (!rendered) {
      add("error", "render", "NoOutput", "Renderer produced no HTML element for the card");
    }

    var inputIds = [];
    var actions = [];
    var seenCards = [];
    var seenActions = [];
    var showCards = [];
    function walkCard(card, inShowCard) {
      if (!card || seenCards.indexOf(card) >= 0) { return; }
      seenCards.push(card);
      // Elements
      (function walkEl(el) {
        if (isUnknownObject(el)) { add("error", "parse", "UnknownElementType", "Unknown element in rendered tree", describe(el)); }
        if (el instanceof AC.Input) { inputIds.push(el.id); }
        if (typeof el.getItemCount === "function" && typeof el.getItemAt === "function") {
          for (var k = 0; k < el.getItemCount(); k++) { walkEl(el.getItemAt(k)); }
        }
      })(card);
      var acts = card.getAllActions();
      for (var a = 0; a < acts.length; a++) {
        var act = acts[a];
        if (seenActions.indexOf(act) >= 0) { continue; }
        seenActions.push(act);
        if (isUnknownObject(act)) { add("error", "parse", "UnknownActionType", "Unknown action in rendered tree", describe(act)); }
        var info = { type: act.getJsonTypeName(), title: act.title, id: act.id, inShowCard: inShowCard };
        if (act.verb !== undefined) { info.verb = act.verb; }
        if (act.data !== undefined) { info.data = act.data; }
        if (act.url !== undefined) { info.url = act.url; }
        actions.push(info);
        if (act instanceof AC.ShowCardAction && act.card) {
          showCards.push({ title: act.title, card: act.card });
          walkCard(act.card, true);
        }
      }
    }
    try {
      walkCard(ac, false);
    } catch (e) {
      add("error", "render", "Exception", "Walking the card tree failed: " + ((e && e.message) || e));
    }
    // Inputs the element walk may not reach (e.g. inside tables): use the renderer's own list as well.
    try {
      ac.getAllInputs(true).forEach(function (inp) { if (inputIds.indexOf(inp.id) < 0) { inputIds.push(inp.id); } });
    } catch (e) { /* ignore */ }

    // Text of collapsed Action.ShowCard cards: render each one off-screen (at the same width),
    // read it, then forget that rendering so expanding it later renders afresh.
    var allText = rendered ? normalizeText(rendered.innerText) : "";
    if (rendered) {
      var scratch = document.createElement("div");
      scratch.style.cssText = "position:absolute;left:-10000px;top:0;width:" + args.width + "px";
      document.body.appendChild(scratch);
      showCards.forEach(function (sc) {
        try {
          var el = sc.card.render();
          if (el) {
            scratch.appendChild(el);
            var t = normalizeText(el.innerText);
            if (t) { allText += "\n" + t; }
            scratch.removeChild(el);
            sc.card._renderedElement = undefined;
          }
        } catch (e) {
          add("error", "render", "Exception", 'Rendering Action.ShowCard "' + sc.title + '" failed: ' + ((e && e.message) || e));
        }
      });
      document.body.removeChild(scratch);
    }

    window.removeEventListener("error", onErr);
    pageErrors.forEach(function (m) { add("error", "render", "PageError", m); });

    var rect = rendered ? rendered.getBoundingClientRect() : { width: 0, height: 0 };
    return {
      issues: issues,
      html: rendered ? rendered.outerHTML : "",
      text: rendered ? normalizeText(rendered.innerText) : "",
      allText: allText,
      inputIds: inputIds.map(function (x) { return x === undefined || x === null ? "" : String(x); }),
      actions: actions,
      version: ac.version ? ac.version.toString() : undefined,
      size: { width: rect.width, height: rect.height }
    };
  };

  window.__nscpExpandShowCards = function (titles) {
    var buttons = Array.prototype.slice.call(document.querySelectorAll("#card-host button.expandable"));
    var clicked = 0;
    buttons.forEach(function (b) {
      var t = (b.getAttribute("aria-label") || b.textContent || "").trim();
      if ((titles === true || titles.indexOf(t) >= 0) && b.getAttribute("aria-expanded") !== "true") { b.click(); clicked++; }
    });
    return clicked;
  };

  window.__nscpWaitForImages = function () {
    var imgs = Array.prototype.slice.call(document.querySelectorAll("#card-host img"));
    return Promise.all(imgs.map(function (img) {
      if (img.complete) { return Promise.resolve(); }
      return new Promise(function (res) { img.addEventListener("load", res); img.addEventListener("error", res); });
    })).then(function () {
      return imgs.filter(function (img) { return !img.naturalWidth; }).map(function (img) { return img.src; });
    });
  };
})();
`;

// ---------------------------------------------------------------------------
// Node-side structural checks (things the renderer silently ignores)
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collections that hold card elements (must be arrays of objects). */
const ELEMENT_COLLECTIONS = ['body', 'items'] as const;
/** Collections of other structured children that must be arrays when present. */
const OTHER_COLLECTIONS = ['actions', 'columns', 'rows', 'cells', 'inlines', 'facts', 'images', 'choices', 'sources'] as const;

/** Properties required by the Adaptive Cards schema that the JS renderer does not enforce itself. */
const REQUIRED_PROPS: Record<string, readonly string[]> = {
  TextBlock: ['text'],
  TextRun: ['text'],
  RichTextBlock: ['inlines'],
  Image: ['url'],
  ImageSet: ['images'],
  FactSet: ['facts'],
  Media: ['sources'],
  'Input.Toggle': ['title'],
  'Action.ShowCard': ['card'],
};

function versionTuple(v: unknown): [number, number] | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compareVersions(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** JSON-level checks run before the card is handed to the renderer. */
export function checkCardStructure(card: unknown): CardIssue[] {
  const issues: CardIssue[] = [];
  const err = (event: string, message: string, source: string): void => {
    issues.push({ severity: 'error', phase: 'structure', event, message, source });
  };
  const warn = (event: string, message: string, source: string): void => {
    issues.push({ severity: 'warning', phase: 'structure', event, message, source });
  };

  if (!isObject(card)) {
    err('NotAnObject', `A card must be a JSON object, got ${Array.isArray(card) ? 'array' : typeof card}`, '$');
    return issues;
  }

  // 1. Plain JSON only (no functions, Dates, class instances, NaN...).
  const seen = new Set<unknown>();
  const checkJson = (v: unknown, path: string): void => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(v)) err('NotJson', `Non-finite number ${String(v)} is not valid JSON`, path);
        return;
      case 'undefined':
        return; // dropped by JSON.stringify; missing required props are caught elsewhere
      case 'object': {
        if (v === null) return;
        if (seen.has(v)) {
          err('NotJson', 'Circular or shared reference: the card is not a JSON tree', path);
          return;
        }
        seen.add(v);
        if (Array.isArray(v)) {
          v.forEach((x, i) => {
            if (x === undefined) err('NotJson', 'undefined inside an array becomes null in JSON', `${path}[${i}]`);
            else checkJson(x, `${path}[${i}]`);
          });
        } else {
          const proto = Object.getPrototypeOf(v) as unknown;
          if (proto !== Object.prototype && proto !== null) {
            const ctorName = (v as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
            err('NotJson', `Value of type ${ctorName} is not a plain JSON object`, path);
          }
          for (const [k, x] of Object.entries(v)) checkJson(x, `${path}.${k}`);
        }
        seen.delete(v);
        return;
      }
      default:
        err('NotJson', `Value of type ${typeof v} is not valid JSON`, path);
    }
  };
  checkJson(card, '$');

  // 2. Root: Teams (and the schema) require a "version" like "1.5". The JS renderer silently
  //    defaults a missing one to 1.0, so check it here.
  if (card.version === undefined) err('MissingRequiredProperty', 'AdaptiveCard requires "version" (e.g. "1.5")', '$.version');
  else if (!versionTuple(card.version)) err('InvalidPropertyValue', `Invalid card version ${JSON.stringify(card.version)}`, '$.version');

  // 3. Tree shape: collections must be arrays of objects, required props present.
  const visitNode = (node: Json, path: string): void => {
    const type = typeof node.type === 'string' ? node.type : undefined;
    for (const prop of (type && REQUIRED_PROPS[type]) || []) {
      const v = node[prop];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && prop !== 'inlines')) {
        err('MissingRequiredProperty', `${type} requires a non-empty "${prop}"`, path);
      }
    }
    if (type === 'FactSet' && Array.isArray(node.facts)) {
      node.facts.forEach((f, i) => {
        if (!isObject(f) || typeof f.title !== 'string' || typeof f.value !== 'string') {
          err('MissingRequiredProperty', 'Each fact needs string "title" and "value"', `${path}.facts[${i}]`);
        }
      });
    }
    for (const key of [...ELEMENT_COLLECTIONS, ...OTHER_COLLECTIONS]) {
      if (!(key in node) || node[key] === undefined) continue;
      const coll = node[key];
      if (!Array.isArray(coll)) {
        err('NotAnArray', `"${key}" must be an array`, `${path}.${key}`);
        continue;
      }
      coll.forEach((child, i) => {
        const childPath = `${path}.${key}[${i}]`;
        if (key === 'inlines' && typeof child === 'string') return; // strings are allowed inlines
        if (!isObject(child)) {
          err('NotAnObject', `Entries of "${key}" must be objects, got ${child === null ? 'null' : Array.isArray(child) ? 'array' : typeof child}`, childPath);
          return;
        }
        if (key === 'facts' || key === 'choices' || key === 'sources') return;
        visitNode(child, childPath);
      });
    }
    if (isObject(node.card)) visitNode(node.card, `${path}.card`);
    else if (node.card !== undefined && type === 'Action.ShowCard') err('NotAnObject', '"card" must be an object', `${path}.card`);
    if (isObject(node.selectAction)) visitNode(node.selectAction, `${path}.selectAction`);
    if (isObject(node.fallback)) visitNode(node.fallback, `${path}.fallback`);
  };
  visitNode(card, '$');

  // 4. Teams-specific notes.
  const v = versionTuple(card.version);
  const teamsMax = versionTuple(TEAMS_MAX_CARD_VERSION)!;
  if (v && compareVersions(v, teamsMax) > 0) {
    warn('TeamsVersion', `Card version ${String(card.version)} is newer than ${TEAMS_MAX_CARD_VERSION}, the newest Teams renders reliably`, '$.version');
  }
  let bytes = 0;
  try {
    bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  } catch {
    /* reported above */
  }
  if (bytes > TEAMS_MAX_CARD_BYTES) {
    warn('TeamsPayloadSize', `Card JSON is ${bytes} bytes; Teams rejects messages over ~${TEAMS_MAX_CARD_BYTES} bytes`, '$');
  }
  return issues;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

export function formatIssue(issue: CardIssue): string {
  const where = issue.source ? ` (at ${issue.source})` : '';
  return `[${issue.phase}] ${issue.event}: ${issue.message}${where}`;
}

/** Multi-line description of a result's errors and warnings, for assertion messages / logs. */
export function formatCardIssues(result: Pick<RenderResult, 'errors' | 'warnings'>): string {
  const lines: string[] = [];
  for (const e of result.errors) lines.push(`  error:   ${e}`);
  for (const w of result.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

/** Throws CardRenderError listing every error if `result.errors` is not empty. */
export function assertNoCardErrors(result: RenderResult, label = 'card'): void {
  if (result.errors.length > 0) {
    throw new CardRenderError(
      `${label} has ${result.errors.length} Adaptive Card error(s):\n${formatCardIssues(result)}`,
      result,
    );
  }
}

interface PageResult {
  issues: CardIssue[];
  html: string;
  text: string;
  allText: string;
  inputIds: string[];
  actions: RenderedAction[];
  version?: string;
  size: { width: number; height: number };
}

function toResult(structural: CardIssue[], page: PageResult | undefined, extra: CardIssue[] = []): RenderResult {
  const issues = [...structural, ...(page?.issues ?? []), ...extra];
  // The same message can be logged at parse and validation time; keep one.
  const dedupe = (list: string[]): string[] => [...new Set(list)];
  const actions = page?.actions ?? [];
  return {
    errors: dedupe(issues.filter((i) => i.severity === 'error').map(formatIssue)),
    warnings: dedupe(issues.filter((i) => i.severity === 'warning').map(formatIssue)),
    issues,
    html: page?.html ?? '',
    text: page?.text ?? '',
    allText: page?.allText ?? '',
    inputIds: page?.inputIds ?? [],
    actionTitles: actions.map((a) => a.title).filter((t): t is string => typeof t === 'string' && t.length > 0),
    actions,
    version: page?.version,
    size: page?.size ?? { width: 0, height: 0 },
  };
}

// ---------------------------------------------------------------------------
// The renderer
// ---------------------------------------------------------------------------

/** Launch headless Chromium once; reuse the returned renderer for many cards, then close() it. */
export async function startCardRenderer(options: CardRendererOptions = {}): Promise<CardRenderer> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // playwright's launch() always runs Chromium with a fresh temporary --user-data-dir
  // (it rejects a user-supplied one) and deletes it on close.
  const launch: ChromiumLaunch =
    options.launch ?? (options.executablePath ? { source: 'option', executablePath: options.executablePath, args: [] } : await chooseChromium());
  // The chosen browser's own flags first, then ours: where both set one, Chromium keeps the last.
  const browser: Browser = await chromium.launch({
    executablePath: launch.executablePath,
    headless: true,
    args: [...launch.args, ...CHROMIUM_ARGS],
    env: launch.env,
    timeout: 60_000,
  });
  const contexts = new Map<number, Promise<BrowserContext>>();
  let closed = false;

  const getContext = (scale: number): Promise<BrowserContext> => {
    let ctx = contexts.get(scale);
    if (!ctx) {
      ctx = browser.newContext({
        deviceScaleFactor: scale,
        viewport: { width: 1280, height: 900 },
        locale: 'en-GB',
        timezoneId: 'Europe/London',
        colorScheme: 'light',
        reducedMotion: 'reduce',
        serviceWorkers: 'block',
        offline: false,
      });
      contexts.set(scale, ctx);
    }
    return ctx;
  };

  interface OpenedPage {
    page: Page;
    /** Uncaught page errors since the last time this list was drained. */
    pageIssues: CardIssue[];
    /** URLs the page tried to fetch that were not mapped to an asset (and were aborted). */
    blocked: string[];
  }

  const openPage = async (scale: number, assets: Record<string, string>): Promise<OpenedPage> => {
    if (closed) throw new Error('CardRenderer is closed');
    const context = await getContext(scale);
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    const pageIssues: CardIssue[] = [];
    const blocked: string[] = [];
    page.on('pageerror', (e) => {
      pageIssues.push({ severity: 'error', phase: 'render', event: 'PageError', message: e.message });
    });
    // No network: serve mapped assets, abort everything else.
    await page.route('**/*', async (route: Route) => {
      const url = route.request().url();
      const file = assets[url];
      if (file) await route.fulfill({ path: file });
      else {
        blocked.push(url);
        await route.abort('blockedbyclient');
      }
    });
    await page.setContent(FRAME_HTML, { waitUntil: 'load' });
    await page.addScriptTag({ path: ADAPTIVECARDS_BUNDLE_PATH });
    await page.addScriptTag({ content: PAGE_SCRIPT });
    return { page, pageIssues, blocked };
  };

  const renderInPage = async (page: Page, card: object, opts: RenderOptions): Promise<PageResult> => {
    const args = {
      card,
      width: opts.width ?? DEFAULT_CARD_WIDTH,
      hostConfig: { ...teamsHostConfig, ...(opts.hostConfig ?? {}) },
      maxVersion: opts.maxVersion ? versionTuple(opts.maxVersion) : undefined,
    };
    if (opts.maxVersion && !args.maxVersion) throw new Error(`Invalid maxVersion "${opts.maxVersion}"`);
    // Passed as a JSON string expression so nothing but plain data crosses into the page.
    return await page.evaluate<PageResult>(`window.__nscpRenderCard(${JSON.stringify(args)})`);
  };

  const prepare = (card: object): { structural: CardIssue[]; json: object | undefined } => {
    const structural = checkCardStructure(card);
    let json: object | undefined;
    try {
      json = JSON.parse(JSON.stringify(card)) as object;
    } catch (e) {
      structural.push({
        severity: 'error',
        phase: 'structure',
        event: 'NotJson',
        message: `Card cannot be serialised to JSON: ${(e as Error).message}`,
        source: '$',
      });
    }
    return { structural, json };
  };

  // render() reuses one warmed-up page: the in-page render is synchronous, so concurrent
  // evaluate() calls cannot interleave, and each call starts by clearing the card host.
  let sharedPage: Promise<OpenedPage> | undefined;
  const getSharedPage = (): Promise<OpenedPage> => {
    if (!sharedPage) {
      const p = openPage(1, { ...options.assets });
      sharedPage = p;
      p.then(
        ({ page }) => page.on('close', () => {
          if (sharedPage === p) sharedPage = undefined;
        }),
        () => {
          if (sharedPage === p) sharedPage = undefined;
        },
      );
    }
    return sharedPage;
  };

  const render = async (card: object, opts: RenderOptions = {}): Promise<RenderResult> => {
    const { structural, json } = prepare(card);
    if (json === undefined || !isObject(json)) return toResult(structural, undefined);
    if (opts.assets && Object.keys(opts.assets).length > 0) {
      // Per-call assets need their own routes: use a throwaway page.
      const { page, pageIssues } = await openPage(1, { ...options.assets, ...opts.assets });
      try {
        const res = await renderInPage(page, json, opts);
        return toResult(structural, res, pageIssues);
      } finally {
        await page.close();
      }
    }
    const { page, pageIssues } = await getSharedPage();
    const res = await renderInPage(page, json, opts);
    return toResult(structural, res, pageIssues.splice(0));
  };

  const screenshot = async (card: object, file: string, opts: ScreenshotOptions = {}): Promise<RenderResult> => {
    const { structural, json } = prepare(card);
    const failOnError = opts.failOnError ?? true;
    if (json === undefined || !isObject(json)) {
      const result = toResult(structural, undefined);
      throw new CardRenderError(`Cannot screenshot an invalid card:\n${formatCardIssues(result)}`, result);
    }
    const { page, pageIssues, blocked } = await openPage(opts.scale ?? 2, { ...options.assets, ...opts.assets });
    try {
      const res = await renderInPage(page, json, opts);
      const extra: CardIssue[] = [...pageIssues];
      if (opts.expandShowCards) {
        const titles = opts.expandShowCards === true ? true : opts.expandShowCards;
        await page.evaluate(`window.__nscpExpandShowCards(${JSON.stringify(titles)})`);
      }
      await page.evaluate('document.fonts.ready.then(function () { return true; })');
      const broken = await page.evaluate<string[]>('window.__nscpWaitForImages()');
      // The renderer removes images that fail to load, so also report every blocked request.
      for (const src of new Set([...broken, ...blocked])) {
        extra.push({
          severity: 'warning',
          phase: 'render',
          event: 'ResourceNotLoaded',
          message: `Not loaded (no network; map it with the "assets" option): ${src}`,
        });
      }
      const result = toResult(structural, res, extra);
      if (failOnError && result.errors.length > 0) {
        throw new CardRenderError(`Refusing to screenshot a card with errors:\n${formatCardIssues(result)}`, result);
      }
      await mkdir(dirname(resolve(file)), { recursive: true });
      const png = await page.locator('#card-host').screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
      await writeFile(file, png);
      return result;
    } finally {
      await page.close();
    }
  };

  const assertValid = async (card: object, label = 'card', opts: RenderOptions = {}): Promise<RenderResult> => {
    const result = await render(card, opts);
    assertNoCardErrors(result, label);
    return result;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    sharedPage = undefined;
    for (const ctx of contexts.values()) {
      try {
        await (await ctx).close();
      } catch {
        /* browser may already be gone */
      }
    }
    await browser.close();
  };

  return { render, screenshot, assertValid, close, browser: { source: launch.source, executablePath: launch.executablePath, version: browser.version() } };
}

/** Start a renderer, run `fn`, always close the browser. Handy for scripts (e.g. scripts/card-screenshots.ts). */
export async function withCardRenderer<T>(
  fn: (renderer: CardRenderer) => Promise<T>,
  options?: CardRendererOptions,
): Promise<T> {
  const renderer = await startCardRenderer(options);
  try {
    return await fn(renderer);
  } finally {
    await renderer.close();
  }
}
