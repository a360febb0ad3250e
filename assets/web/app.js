// quotewire reading page: a small client of the public JSON API.
//
// Worked example for API consumers. Everything shown here comes from /api/* and
// nothing else; spans are requested with `offsets=utf16`, so they index JavaScript
// strings directly (`body.slice(start, end)`).
//
// Routes live in the location hash so every view is a shareable link:
//   #/                     article list (same as #/articles)
//   #/articles?q=&entity=&speaker=&source=&from=&to=&cursor=
//   #/articles/12          one article, annotated
//   #/entities?kind=&q=&cursor=
//   #/entities/5           one entity: aliases, counts, articles, quotes
//
// All text from the API goes into the DOM as text nodes (textContent or
// createTextNode), never as HTML.

const PAGE_SIZE = 20;
const ARTICLE_FILTERS = ['q', 'entity', 'speaker', 'source', 'from', 'to'];
const ENTITY_FILTERS = ['kind', 'q'];
const KINDS = ['person', 'organization', 'location', 'misc', 'date', 'money', 'percent', 'quantity'];
const KIND_LABEL = {
  person: 'Person', organization: 'Organization', location: 'Location', misc: 'Other name',
  date: 'Date', money: 'Money', percent: 'Percent', quantity: 'Quantity',
};
const QUOTE_KIND_LABEL = { direct: 'Direct quote', indirect: 'Indirect (reported) speech', mixed: 'Mixed quote' };

const main = document.getElementById('main');
const statusRegion = document.getElementById('status');
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

// ---------------------------------------------------------------------------
// Small helpers

/** Builds an element. `attrs`: class, dataset (object), on* listeners, others as attributes.
 *  Children: nodes, strings (inserted as text), or null/false (skipped). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** First `max` characters of `text`, cut at a word, with an ellipsis when shortened. */
function excerpt(text, max) {
  const flat = (text || '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.6 ? space : max)}…`;
}

function articleTitle(a) {
  return a.title || excerpt(a.body ?? a.excerpt, 70) || `Article ${a.id}`;
}

/** A <time> for an ISO date or date-time; shows the date part. */
function dateEl(iso) {
  return iso ? h('time', { datetime: iso }, iso.slice(0, 10)) : null;
}

/** Joins non-empty nodes/strings with a separator (for metadata lines). */
function joined(parts, sep = ' · ') {
  const out = [];
  for (const part of parts.filter(Boolean)) {
    if (out.length) out.push(sep);
    out.push(part);
  }
  return out;
}

function announce(text) {
  statusRegion.textContent = text;
}

// ---------------------------------------------------------------------------
// API access: JSON in, RFC 9457 problem details out as ApiError.

class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || 'Request failed');
    this.title = problem.title || 'Something went wrong';
    this.detail = problem.detail || '';
    this.status = status;
  }
}

async function api(path, params = {}) {
  const url = new URL(`/api${path}`, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError({ title: 'The server could not be reached', detail: 'Check that quotewire is running, then reload.' }, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: handled below.
  }
  if (!response.ok) {
    const problem = body && typeof body === 'object' ? body : {};
    throw new ApiError({
      title: problem.title || `Error ${response.status}`,
      detail: problem.detail || `The server answered ${response.status} ${response.statusText}.`,
    }, response.status);
  }
  if (body === null) throw new ApiError({ title: 'Unexpected answer', detail: 'The server did not send JSON.' }, response.status);
  return body;
}

// ---------------------------------------------------------------------------
// Routing

/** Parses the hash into { parts: ['articles', '12'], params: URLSearchParams }. */
function currentRoute() {
  const raw = window.location.hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params };
}

/** A hash link with only the non-empty parameters. */
function hashLink(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) qs.set(key, value);
  const query = qs.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

let navigation = 0; // Increments on every route; stale async renders check it and give up.

async function route() {
  const ticket = ++navigation;
  const { parts, params } = currentRoute();
  const [section, id] = parts;
  hideTip();
  try {
    if (!section || (section === 'articles' && id === undefined)) await showArticleList(params, ticket);
    else if (section === 'articles') await showArticle(id, ticket);
    else if (section === 'entities' && id === undefined) await showEntityList(params, ticket);
    else if (section === 'entities') await showEntity(id, ticket);
    else showError({ title: 'Page not found', detail: `There is no page at #/${parts.join('/')}.` }, ticket);
  } catch (error) {
    if (error instanceof ApiError) showError(error, ticket);
    else {
      console.error(error);
      showError({ title: 'Something went wrong', detail: String(error.message || error) }, ticket);
    }
  }
}

/** Swaps the main content and moves focus to the new heading, so keyboard and
 *  screen reader users land at the top of what changed. */
function setView(node, title, { focus = true } = {}) {
  main.replaceChildren(node);
  main.removeAttribute('aria-busy');
  document.title = `${title} — quotewire`;
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }
}

function loading(ticket) {
  if (ticket !== navigation) return;
  main.setAttribute('aria-busy', 'true');
}

/** The error state: the problem's title and detail, and a way back. */
function showError(problem, ticket) {
  if (ticket !== navigation) return;
  const view = h('section', { class: 'state error', role: 'alert', 'aria-labelledby': 'error-title' },
    h('h1', { id: 'error-title' }, problem.title || 'Something went wrong'),
    problem.detail ? h('p', { class: 'detail' }, problem.detail) : null,
    h('p', {}, h('a', { href: '#/' }, 'Back to all articles')));
  setView(view, problem.title || 'Error');
  main.dataset.state = 'error';
}

// ---------------------------------------------------------------------------
// Article list with search, filters and paging

function field(name, label, input, hint) {
  const id = `f-${name}`;
  input.id = id;
  input.name = name;
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: `field field-${name}` },
    h('label', { for: id }, label),
    input,
    hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null);
}

function buildArticleListShell() {
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Search and filter articles', onsubmit: submitFilters },
    field('q', 'Search', h('input', { type: 'search', autocomplete: 'off', placeholder: 'words or "a phrase"' })),
    field('speaker', 'Speaker', h('input', { type: 'text', list: 'speakers', autocomplete: 'off' }), 'Quoted person: name or surname'),
    field('entity', 'Entity', h('input', { type: 'text', list: 'entities', autocomplete: 'off' }), 'Named person, place, organization…'),
    field('source', 'Source', h('input', { type: 'text', autocomplete: 'off' }), 'Exact source name'),
    field('from', 'From', h('input', { type: 'date' })),
    field('to', 'To', h('input', { type: 'date' })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('a', { class: 'button secondary', href: '#/', onclick: clearFilters }, 'Clear')),
    h('datalist', { id: 'speakers' }),
    h('datalist', { id: 'entities' }));
  return h('div', { class: 'view-articles', dataset: { view: 'articles' } },
    h('h1', {}, 'Articles'),
    form,
    h('section', { class: 'results', 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading', class: 'visually-hidden' }, 'Results'),
      h('div', { class: 'results-body' })));
}

function submitFilters(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const params = {};
  for (const name of ARTICLE_FILTERS) params[name] = form.elements[name].value.trim();
  const target = hashLink('/articles', params);
  if (target === window.location.hash) route(); // Same link: run it again (e.g. to retry).
  else window.location.hash = target;
}

function clearFilters(event) {
  const form = event.currentTarget.closest('form');
  for (const name of ARTICLE_FILTERS) form.elements[name].value = '';
}

let suggestionsLoaded = false;

/** Fills the speaker and entity datalists once; a failure only loses the suggestions. */
async function loadSuggestions() {
  if (suggestionsLoaded) return;
  suggestionsLoaded = true;
  try {
    const [people, all] = await Promise.all([
      api('/entities', { kind: 'person', sort: 'mentions', limit: 100 }),
      api('/entities', { sort: 'mentions', limit: 100 }),
    ]);
    const fill = (id, list) => {
      const el = document.getElementById(id);
      if (el) el.replaceChildren(...list.data.map((e) => h('option', { value: e.name })));
    };
    fill('speakers', people);
    fill('entities', all);
  } catch {
    suggestionsLoaded = false;
  }
}

async function showArticleList(params, ticket) {
  let shell = main.querySelector('[data-view="articles"]');
  const fresh = !shell;
  if (fresh) {
    shell = buildArticleListShell();
  }
  const form = shell.querySelector('form');
  const filters = {};
  for (const name of ARTICLE_FILTERS) {
    filters[name] = params.get(name) || '';
    form.elements[name].value = filters[name];
  }
  const cursor = params.get('cursor') || '';
  const results = shell.querySelector('.results-body');
  shell.querySelector('.results').setAttribute('aria-busy', 'true');
  if (fresh) setView(shell, 'Articles', { focus: main.contains(document.activeElement) || document.activeElement === document.body });
  loading(ticket);
  loadSuggestions();

  const started = performance.now();
  let page;
  try {
    page = await api('/articles', {
      ...filters, cursor, limit: PAGE_SIZE, count: 'true', offsets: 'utf16', facet: LIST_FACETS.join(','), facet_size: 8,
    });
  } catch (error) {
    if (ticket !== navigation) return;
    if (!(error instanceof ApiError)) throw error;
    // A bad filter (say, a malformed date) keeps the form so it can be fixed.
    results.replaceChildren(h('div', { class: 'state error', role: 'alert' },
      h('h2', {}, error.title), h('p', { class: 'detail' }, error.detail)));
    shell.querySelector('.results').removeAttribute('aria-busy');
    main.removeAttribute('aria-busy');
    main.dataset.state = 'error';
    announce(`Error: ${error.detail || error.title}`);
    return;
  }
  if (ticket !== navigation) return;

  const active = ARTICLE_FILTERS.filter((n) => filters[n]);
  const content = [];
  if (page.data.length === 0) {
    main.dataset.state = 'empty';
    content.push(active.length
      ? h('div', { class: 'state empty' },
        h('h2', {}, 'No articles match'),
        h('p', {}, 'Nothing matches ', describeFilters(filters), '. Try fewer or broader filters, or ',
          h('a', { href: '#/' }, 'clear them'), '.'))
      : h('div', { class: 'state empty' },
        h('h2', {}, 'No articles yet'),
        h('p', {}, 'Articles posted to ', h('code', {}, 'POST /api/articles'), ' appear here with their quotes and entities.')));
  } else {
    main.dataset.state = 'list';
    const total = typeof page.total === 'number' ? page.total : page.data.length;
    content.push(h('p', { class: 'count' }, plural(total, 'article'),
      active.length ? h('span', {}, ' matching ', describeFilters(filters)) : null));
    content.push(h('div', { class: 'list-and-facets' },
      h('div', { class: 'list-column' },
        h('ol', { class: 'article-list' }, page.data.map(articleCard)),
        pager('/articles', filters, cursor, page.next_cursor, 'articles')),
      facetColumn(page.facets || {}, filters)));
  }
  results.replaceChildren(...content.filter(Boolean));
  shell.querySelector('.results').removeAttribute('aria-busy');
  main.removeAttribute('aria-busy');
  main.dataset.renderMs = (performance.now() - started).toFixed(1);
  document.title = `${active.length ? 'Filtered articles' : 'Articles'} — quotewire`;
  announce(page.data.length ? `${plural(page.total ?? page.data.length, 'article')} found` : 'No articles match');
}

/** The facets the article list asks for, in the order shown. */
const LIST_FACETS = ['source', 'speaker', 'entity'];
const FACET_LABEL = { source: 'Source', speaker: 'Quoted', entity: 'Named' };

/** A column of the most frequent values of each facet over all matching
 *  articles; each value links to the list narrowed to it. */
function facetColumn(facets, filters) {
  const sections = LIST_FACETS.filter((name) => facets[name]).map((name) => {
    const facet = facets[name];
    const items = facet.truncated
      ? [h('li', { class: 'truncated' }, 'Too many to count in time')]
      : facet.buckets.filter((b) => filters[name] !== b.value).map((b) => h('li', {},
        h('a', { class: 'facet-value', href: hashLink('/articles', { ...filters, [name]: b.value }), dataset: { facet: name, value: b.value } },
          h('span', { class: 'facet-label' }, b.label), ' ', h('span', { class: 'facet-count' }, String(b.count)))));
    return h('section', { class: 'facet', dataset: { facet: name } },
      h('h3', {}, FACET_LABEL[name] || name),
      items.length ? h('ul', {}, items) : h('p', { class: 'meta' }, 'none'));
  });
  return h('aside', { class: 'facets', 'aria-label': 'Narrow the list' }, h('h2', {}, 'Narrow'), ...sections);
}

/** A bar chart of counts per period (SVG, no library): one bar per period, each
 *  with its period and count as data attributes and as a tooltip. */
function timelineChart(timeline, what) {
  const data = timeline.data;
  if (!data.length) return h('p', { class: 'state empty' }, `No dated ${what}.`);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs = {}) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  };
  const width = 640;
  const height = 120;
  const max = Math.max(1, ...data.map((d) => d.count));
  const step = width / data.length;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height + 18}`, role: 'img', class: 'timeline-chart',
    'aria-label': `${what} per ${timeline.interval}, ${data[0].period} to ${data[data.length - 1].period}`,
  });
  data.forEach((d, i) => {
    const barHeight = Math.round((d.count / max) * height);
    const bar = svg('rect', {
      x: (i * step + step * 0.1).toFixed(1), y: height - barHeight, width: Math.max(1, step * 0.8).toFixed(1), height: barHeight,
      'data-period': d.period, 'data-count': d.count, class: 'bar',
    });
    const tip = svg('title');
    tip.textContent = `${d.period}: ${d.count}`;
    bar.append(tip);
    chart.append(bar);
  });
  for (const [i, anchor] of [[0, 'start'], [data.length - 1, 'end']]) {
    const label = svg('text', { x: anchor === 'start' ? 0 : width, y: height + 14, 'text-anchor': anchor, class: 'axis' });
    label.textContent = data[i].period;
    chart.append(label);
  }
  return chart;
}

/** "speaker “Torrealba” and source “Labor News”" */
function describeFilters(filters) {
  const names = { q: 'search', entity: 'entity', speaker: 'speaker', source: 'source', from: 'from', to: 'to' };
  const parts = [];
  for (const name of ARTICLE_FILTERS) {
    if (!filters[name]) continue;
    if (parts.length) parts.push(', ');
    parts.push(`${names[name]} `, h('strong', {}, `“${filters[name]}”`));
  }
  return h('span', {}, ...parts);
}

function articleCard(a) {
  return h('li', {},
    h('article', { class: 'card', dataset: { articleId: a.id } },
      h('h2', {}, h('a', { href: `#/articles/${a.id}` }, articleTitle(a))),
      h('p', { class: 'meta' }, joined([a.source, a.byline && `by ${a.byline}`, a.dateline, dateEl(a.published_at)])),
      a.snippet ? snippetEl(a.snippet) : h('p', { class: 'snippet' }, a.excerpt, a.excerpt_truncated ? '…' : ''),
      h('p', { class: 'counts' }, joined([plural(a.quote_count, 'quote'), plural(a.entity_count, 'entity', 'entities')]))));
}

/** A search snippet: its text as text nodes, each matched stretch (`marks`,
 *  UTF-16 offsets, as the list asks) a <mark>; never parsed as HTML. */
function snippetEl(snippet) {
  const text = snippet.text;
  const parts = [snippet.truncated_start ? '…' : ''];
  let at = 0;
  for (const m of snippet.marks) {
    if (m.start < at || m.end > text.length || m.end <= m.start) continue;
    parts.push(text.slice(at, m.start), h('mark', { class: 'match' }, text.slice(m.start, m.end)));
    at = m.end;
  }
  parts.push(text.slice(at), snippet.truncated_end ? '…' : '');
  return h('p', { class: 'snippet', dataset: { snippet: '' } }, ...parts.filter((p) => p !== ''));
}

/** Cursor paging: the API only goes forward, so "first page" plus "next page";
 *  the browser's back button returns to the previous page. */
function pager(path, filters, cursor, next, what) {
  if (!cursor && !next) return null;
  return h('nav', { class: 'pager', 'aria-label': `More ${what}` },
    cursor ? h('a', { href: hashLink(path, filters), class: 'button secondary' }, '« First page') : null,
    next ? h('a', { href: hashLink(path, { ...filters, cursor: next }), class: 'button', rel: 'next' }, 'Next page »') : null);
}

// ---------------------------------------------------------------------------
// Article page

async function showArticle(id, ticket) {
  loading(ticket);
  const article = await api(`/articles/${encodeURIComponent(id)}`, { offsets: 'utf16' });
  if (ticket !== navigation) return;
  // Render time: building the annotated DOM, inserting it and laying it out.
  const started = performance.now();
  const view = renderArticle(article);
  const built = performance.now();
  setView(view, articleTitle(article));
  void main.offsetHeight; // Forces layout so the measurement includes it.
  main.dataset.renderMs = (performance.now() - started).toFixed(1);
  main.dataset.buildMs = (built - started).toFixed(1);
  main.dataset.state = 'article';
}

function renderArticle(a) {
  const quotes = a.quotes || [];
  const entities = a.entities || [];
  const byKind = groupEntities(entities);
  quoteIndex = new Map(quotes.map((q) => [String(q.id), q]));
  const tip = h('div', {
    class: 'tip', id: 'quote-tip', role: 'tooltip', hidden: true,
    onmouseleave: (event) => { if (!quoteHead(event.relatedTarget) && document.activeElement !== tipFor) hideTip(); },
  });
  const bodyEl = h('div', { class: 'article-body', dataset: { articleBody: '' } }, renderBody(a.body, quotes, entities));
  const descriptions = h('div', { hidden: true }, quotes.map((q) => h('span', { id: `qd-${q.id}` }, quoteDescription(q))));

  bodyEl.addEventListener('focusin', onQuoteEnter);
  bodyEl.addEventListener('mouseover', onQuoteEnter);
  bodyEl.addEventListener('focusout', onQuoteLeave);
  bodyEl.addEventListener('mouseout', onQuoteLeave);
  bodyEl.addEventListener('click', onQuoteClick);

  return h('article', { class: 'reader', 'aria-labelledby': 'article-title', dataset: { articleId: a.id } },
    h('header', { class: 'reader-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← All articles')),
      h('h1', { id: 'article-title' }, articleTitle(a)),
      h('p', { class: 'meta' }, joined([
        a.source, a.byline && `by ${a.byline}`, a.dateline, dateEl(a.published_at),
        a.url && h('a', { href: a.url, rel: 'noopener noreferrer' }, 'original'),
      ]))),
    h('div', { class: 'reader-grid' },
      h('section', { class: 'text', 'aria-labelledby': 'text-heading' },
        h('h2', { id: 'text-heading', class: 'visually-hidden' }, 'Article text'),
        legend(quotes, byKind),
        h('div', { class: 'body-wrap' }, bodyEl, tip),
        quotes.length === 0 && entities.length === 0
          ? h('p', { class: 'state empty' }, 'This article has no annotations yet.') : null),
      h('aside', { class: 'side', 'aria-label': 'Quotes and entities in this article' },
        quoteList(quotes),
        entityList(byKind))),
    descriptions);
}

function groupEntities(entities) {
  const byKind = new Map();
  for (const kind of KINDS) byKind.set(kind, []);
  for (const e of entities) {
    if (!byKind.has(e.kind)) byKind.set(e.kind, []);
    byKind.get(e.kind).push(e);
  }
  for (const list of byKind.values()) list.sort((x, y) => y.mentions.length - x.mentions.length || x.name.localeCompare(y.name));
  return byKind;
}

function legend(quotes, byKind) {
  const items = [];
  const kinds = new Set(quotes.map((q) => q.kind));
  if (kinds.has('direct')) items.push(h('li', {}, h('span', { class: 'swatch quote-direct', 'aria-hidden': 'true' }), 'Direct quote'));
  if (kinds.has('indirect') || kinds.has('mixed')) items.push(h('li', {}, h('span', { class: 'swatch quote-indirect', 'aria-hidden': 'true' }), 'Reported speech'));
  if (quotes.some((q) => q.cue)) items.push(h('li', {}, h('span', { class: 'swatch cue', 'aria-hidden': 'true' }), 'Speech verb'));
  for (const [kind, list] of byKind) {
    if (!list.length) continue;
    const mentions = list.reduce((n, e) => n + e.mentions.length, 0);
    items.push(h('li', { dataset: { kind } }, h('span', { class: `swatch k-${kind}`, 'aria-hidden': 'true' }),
      `${KIND_LABEL[kind] || kind} (${mentions})`));
  }
  if (!items.length) return null;
  return h('div', { class: 'legend' },
    h('h3', { id: 'legend-heading', class: 'visually-hidden' }, 'Legend'),
    h('ul', { 'aria-labelledby': 'legend-heading' }, items));
}

function quoteDescription(q) {
  return [
    q.speaker || 'Unknown speaker',
    q.role ? `, ${q.role}` : '',
    q.cue ? `; ${q.cue.text}` : '',
    `; ${QUOTE_KIND_LABEL[q.kind] || q.kind}`,
  ].join('');
}

function quoteList(quotes) {
  return h('section', { class: 'side-quotes', 'aria-labelledby': 'quotes-heading' },
    h('h2', { id: 'quotes-heading' }, `Quotes (${quotes.length})`),
    quotes.length === 0
      ? h('p', { class: 'state empty' }, 'No quotes found in this article.')
      : h('ol', { class: 'quote-list' }, quotes.map((q) => h('li', { class: `quote-item kind-${q.kind}`, dataset: { quoteId: q.id } },
        h('p', { class: 'who' }, speakerLink(q), q.role ? h('span', { class: 'role' }, `, ${q.role}`) : null),
        h('blockquote', {}, excerpt(q.text, 180)),
        h('p', { class: 'meta' }, joined([QUOTE_KIND_LABEL[q.kind] || q.kind, q.cue && `“${q.cue.text}”`]),
          ' ', h('button', {
            type: 'button', class: 'linkish', onclick: () => focusQuote(q.id),
            'aria-label': `Show in text: ${q.speaker || 'unknown speaker'}, “${excerpt(q.text, 40)}”`,
          }, 'Show in text'))))));
}

function speakerLink(q) {
  if (q.speaker_id) return h('a', { href: `#/entities/${q.speaker_id}`, class: 'speaker' }, q.speaker || 'Unknown speaker');
  return h('span', { class: 'speaker unknown' }, q.speaker || 'Unknown speaker');
}

function entityList(byKind) {
  const groups = [];
  let count = 0;
  for (const [kind, list] of byKind) {
    if (!list.length) continue;
    count += list.length;
    groups.push(h('div', { class: 'entity-group' },
      h('h3', {}, h('span', { class: `swatch k-${kind}`, 'aria-hidden': 'true' }), KIND_LABEL[kind] || kind),
      h('ul', {}, list.map((e) => h('li', {},
        h('a', { href: `#/entities/${e.id}`, dataset: { entityId: e.id } }, e.name),
        h('span', { class: 'count' }, ` ×${e.mentions.length}`))))));
  }
  return h('section', { class: 'side-entities', 'aria-labelledby': 'entities-heading' },
    h('h2', { id: 'entities-heading' }, `Entities (${count})`),
    groups.length ? groups : h('p', { class: 'state empty' }, 'No entities found in this article.'));
}

/**
 * Renders the body with every annotation as an element, nested properly.
 *
 * Annotations (paragraphs, quotes, speaker mentions, cues, entity mentions) may
 * nest or overlap. The body is cut at every annotation boundary; each segment
 * is covered by a set of annotations, ordered outermost first (paragraph, then
 * earlier start, then longer, then quote > speaker > cue > mention). Walking the
 * segments, we keep the stack of open elements: the part shared with the next
 * segment's set stays open, the rest closes, new ones open. Properly nested
 * annotations thus become exactly one element each; one that crosses another's
 * boundary continues in a second element marked `data-cont`.
 */
function renderBody(body, quotes, entities) {
  const len = body.length;
  const anns = [];
  const add = (a) => {
    if (Number.isInteger(a.start) && Number.isInteger(a.end) && a.start >= 0 && a.end <= len && a.start < a.end) {
      a.order = anns.length;
      anns.push(a);
    }
  };
  // Paragraphs: the lines of the body that hold more than spaces.
  for (const m of body.matchAll(/[^\n]+/g)) {
    if (/\S/.test(m[0])) add({ type: 'para', start: m.index, end: m.index + m[0].length, rank: 0 });
  }
  for (const q of quotes) {
    add({ type: 'quote', start: q.start, end: q.end, rank: 1, quote: q });
    if (q.speaker_mention) add({ type: 'speaker', start: q.speaker_mention.start, end: q.speaker_mention.end, rank: 2, quote: q });
    if (q.cue) add({ type: 'cue', start: q.cue.start, end: q.cue.end, rank: 3, quote: q });
  }
  for (const e of entities) {
    for (const m of e.mentions) add({ type: 'mention', start: m.start, end: m.end, rank: 4, entity: e });
  }
  const outerFirst = (x, y) => (x.rank === 0 ? 0 : 1) - (y.rank === 0 ? 0 : 1)
    || x.start - y.start || y.end - x.end || x.rank - y.rank || x.order - y.order;

  // Which annotations start and end at each boundary.
  const starts = new Map();
  const ends = new Map();
  const cuts = new Set([0, len]);
  for (const a of anns) {
    if (!starts.has(a.start)) starts.set(a.start, []);
    starts.get(a.start).push(a);
    if (!ends.has(a.end)) ends.set(a.end, []);
    ends.get(a.end).push(a);
    cuts.add(a.start);
    cuts.add(a.end);
  }
  const points = [...cuts].sort((x, y) => x - y);

  const root = document.createDocumentFragment();
  const active = new Set();
  let stack = []; // [{ ann, el }], outermost first
  for (let i = 0; i < points.length - 1; i += 1) {
    const from = points[i];
    const to = points[i + 1];
    for (const a of ends.get(from) || []) active.delete(a);
    for (const a of starts.get(from) || []) active.add(a);
    const covering = [...active].sort(outerFirst);
    if (!covering.length || covering[0].rank !== 0) {
      stack = []; // Between paragraphs: only line breaks, not rendered.
      continue;
    }
    let keep = 0;
    while (keep < stack.length && keep < covering.length && stack[keep].ann === covering[keep]) keep += 1;
    stack = stack.slice(0, keep);
    for (let k = keep; k < covering.length; k += 1) {
      const ann = covering[k];
      const el = annotationElement(ann, ann.opened === true);
      ann.opened = true;
      (stack.length ? stack[stack.length - 1].el : root).append(el);
      stack.push({ ann, el });
    }
    stack[stack.length - 1].el.append(document.createTextNode(body.slice(from, to)));
  }
  return root;
}

function annotationElement(ann, continued) {
  const cont = continued ? { cont: '' } : {};
  switch (ann.type) {
    case 'para':
      return h('p');
    case 'quote': {
      const q = ann.quote;
      const speaker = q.speaker || 'Unknown speaker';
      return h('mark', {
        class: `quote quote-${q.kind}`,
        // The first piece is the keyboard stop and carries the visible speaker label.
        tabindex: continued ? null : '0',
        'aria-describedby': continued ? null : `qd-${q.id}`,
        dataset: { quoteId: q.id, kind: q.kind, speaker, label: continued ? '' : speaker, ...cont },
      });
    }
    case 'speaker':
      return h('span', { class: 'speaker-ref', dataset: { forQuote: ann.quote.id, ...cont } });
    case 'cue':
      return h('span', { class: 'cue', dataset: { forQuote: ann.quote.id, ...cont } });
    default: {
      const e = ann.entity;
      // A link for the pointer; keyboard users reach the same page from the entity
      // list beside the text, so the many mentions do not each take a tab stop.
      return h('a', {
        class: `mention k-${e.kind}`, href: `#/entities/${e.id}`, tabindex: '-1',
        title: `${e.name} (${KIND_LABEL[e.kind] || e.kind})`,
        dataset: { entityId: e.id, kind: e.kind, ...cont },
      });
    }
  }
}

// The quote tooltip: one element, filled and placed for the quote under the
// pointer or keyboard focus; Escape hides it.

let tipFor = null;

function quoteHead(target) {
  const mark = target instanceof Element ? target.closest('mark.quote') : null;
  if (!mark) return null;
  const body = mark.closest('[data-article-body]');
  return body.querySelector(`mark.quote[data-quote-id="${mark.dataset.quoteId}"]:not([data-cont])`);
}

function onQuoteEnter(event) {
  const head = quoteHead(event.target);
  if (head && head !== tipFor) showTip(head);
}

function onQuoteLeave(event) {
  const head = quoteHead(event.target);
  if (!head) return;
  const next = event.relatedTarget ? quoteHead(event.relatedTarget) : null;
  if (next === head) return;
  if (event.type === 'mouseout' && document.activeElement === head) return; // Focus keeps it.
  // The pointer may move onto the tooltip itself (to read or select it) without losing it.
  if (event.type === 'mouseout' && event.relatedTarget instanceof Element && event.relatedTarget.closest('#quote-tip')) return;
  hideTip();
}

function onQuoteClick(event) {
  const head = quoteHead(event.target);
  if (!head || event.target.closest('a')) return;
  const item = main.querySelector(`.quote-item[data-quote-id="${head.dataset.quoteId}"]`);
  main.querySelectorAll('.quote-item.current').forEach((el) => el.classList.remove('current'));
  if (item) {
    item.classList.add('current');
    item.scrollIntoView({ block: 'nearest', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
  }
}

function showTip(head) {
  const tip = document.getElementById('quote-tip');
  const body = head.closest('[data-article-body]');
  const id = head.dataset.quoteId;
  const article = main.querySelector('.reader');
  if (!tip || !body || !article) return;
  const q = findQuote(id);
  if (!q) return;
  tip.replaceChildren(h('dl', {},
    h('dt', {}, 'Speaker'), h('dd', { class: 'tip-speaker' }, q.speaker || 'Unknown'),
    q.role ? [h('dt', {}, 'Role'), h('dd', { class: 'tip-role' }, q.role)] : null,
    q.cue ? [h('dt', {}, 'Cue'), h('dd', { class: 'tip-cue' }, q.cue.text)] : null,
    h('dt', {}, 'Kind'), h('dd', { class: 'tip-kind' }, QUOTE_KIND_LABEL[q.kind] || q.kind)));
  tip.hidden = false;
  tip.dataset.quoteId = id;
  // Place it under the first line of the quote, kept inside the text column.
  const wrap = tip.parentElement.getBoundingClientRect();
  const line = head.getClientRects()[0] || head.getBoundingClientRect();
  const width = tip.offsetWidth;
  tip.style.top = `${line.bottom - wrap.top + 6}px`;
  tip.style.left = `${Math.max(0, Math.min(line.left - wrap.left, wrap.width - width))}px`;
  tipFor = head;
  body.querySelectorAll('.linked').forEach((el) => el.classList.remove('linked'));
  body.querySelectorAll(`[data-for-quote="${id}"], mark.quote[data-quote-id="${id}"]`).forEach((el) => el.classList.add('linked'));
}

function hideTip() {
  const tip = document.getElementById('quote-tip');
  if (tip) tip.hidden = true;
  tipFor = null;
  main.querySelectorAll('.linked').forEach((el) => el.classList.remove('linked'));
}

// The quotes of the article on screen, by id, for the tooltip (set by renderArticle).
let quoteIndex = new Map();

function findQuote(id) {
  return quoteIndex.get(String(id));
}

function focusQuote(id) {
  const head = main.querySelector(`mark.quote[data-quote-id="${id}"]:not([data-cont])`);
  if (!head) return;
  head.scrollIntoView({ block: 'center', behavior: reducedMotion.matches ? 'auto' : 'smooth' });
  head.focus({ preventScroll: true });
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && tipFor) hideTip();
});

// ---------------------------------------------------------------------------
// Entity list

async function showEntityList(params, ticket) {
  loading(ticket);
  const filters = {};
  for (const name of ENTITY_FILTERS) filters[name] = params.get(name) || '';
  const cursor = params.get('cursor') || '';
  const started = performance.now();
  const page = await api('/entities', { ...filters, cursor, sort: 'mentions', limit: 50, count: 'true' });
  if (ticket !== navigation) return;

  const kindSelect = h('select', {},
    h('option', { value: '' }, 'All kinds'),
    KINDS.map((k) => h('option', { value: k }, KIND_LABEL[k])));
  const form = h('form', {
    class: 'filters', role: 'search', 'aria-label': 'Filter entities',
    onsubmit: (event) => {
      event.preventDefault();
      const f = event.currentTarget;
      window.location.hash = hashLink('/entities', { kind: f.elements.kind.value, q: f.elements.q.value.trim() });
    },
  },
  field('q', 'Name starts with', h('input', { type: 'search', autocomplete: 'off' })),
  field('kind', 'Kind', kindSelect),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters'),
    h('a', { class: 'button secondary', href: '#/entities' }, 'Clear')));
  form.elements.q.value = filters.q;
  kindSelect.value = filters.kind;

  const total = typeof page.total === 'number' ? page.total : page.data.length;
  const results = page.data.length === 0
    ? h('div', { class: 'state empty' }, h('h2', {}, 'No entities match'),
      h('p', {}, 'Try another name or kind, or ', h('a', { href: '#/entities' }, 'clear the filters'), '.'))
    : [h('p', { class: 'count' }, plural(total, 'entity', 'entities')),
      h('ul', { class: 'entity-table' }, page.data.map((e) => h('li', {},
        h('span', { class: `swatch k-${e.kind}`, 'aria-hidden': 'true' }),
        h('a', { href: `#/entities/${e.id}` }, e.name),
        h('span', { class: 'meta' }, ` ${KIND_LABEL[e.kind] || e.kind} · ${plural(e.mention_count, 'mention')}`)))),
      pager('/entities', filters, cursor, page.next_cursor, 'entities')];
  setView(h('div', { class: 'view-entities' }, h('h1', {}, 'Entities'), form,
    h('section', { class: 'results', 'aria-label': 'Results' }, results)), 'Entities');
  main.dataset.state = page.data.length ? 'list' : 'empty';
  main.dataset.renderMs = (performance.now() - started).toFixed(1);
}

// ---------------------------------------------------------------------------
// Entity page

async function showEntity(id, ticket) {
  loading(ticket);
  const path = `/entities/${encodeURIComponent(id)}`;
  const entity = await api(path);
  // Quotes for anyone who has some (people, and organizations speaking through statements).
  const [articles, quotes, timeline, related, about] = await Promise.all([
    api(`${path}/articles`, { limit: 50, count: 'true' }),
    entity.kind === 'person' || entity.quote_count ? api(`${path}/quotes`, { limit: 50, count: 'true', offsets: 'utf16' }) : null,
    api('/articles/timeline', { entity: String(entity.id), interval: 'month' }),
    api(`${path}/related`, { limit: 10 }),
    entity.quoted_about_count ? api('/quotes', { about: String(entity.id), limit: 10, offsets: 'utf16' }) : null,
  ]);
  if (ticket !== navigation) return;
  const started = performance.now();
  const titles = new Map(articles.data.map((a) => [a.id, articleTitle(a)]));

  const quoteSection = quotes === null ? null : h('section', { class: 'entity-quotes', 'aria-labelledby': 'eq-heading' },
    h('h2', { id: 'eq-heading' }, `Quoted as saying (${quotes.total ?? quotes.data.length})`),
    quotes.data.length === 0
      ? h('p', { class: 'state empty' }, `No quotes are attributed to ${entity.name} yet.`)
      : h('ol', { class: 'said-list' }, quotes.data.map((q) => h('li', { class: `said kind-${q.kind}`, dataset: { quoteId: q.id, kind: q.kind } },
        h('blockquote', {}, q.text),
        h('p', { class: 'meta' }, joined([
          QUOTE_KIND_LABEL[q.kind] || q.kind,
          q.cue && `“${q.cue.text}”`,
          q.role,
          h('a', { href: `#/articles/${q.article_id}` }, titles.get(q.article_id) || `Article ${q.article_id}`),
          dateEl(q.published_at),
        ]))))),
    quotes.next_cursor ? h('p', { class: 'more' }, 'Showing the newest 50. ',
      h('a', { href: `/api/entities/${entity.id}/quotes?offsets=utf16` }, 'All quotes as JSON')) : null);

  const articleSection = h('section', { class: 'entity-articles', 'aria-labelledby': 'ea-heading' },
    h('h2', { id: 'ea-heading' }, `Articles naming ${entity.name} (${articles.total ?? articles.data.length})`),
    articles.data.length === 0
      ? h('p', { class: 'state empty' }, 'No article names this entity any more.')
      : h('ol', { class: 'article-list compact' }, articles.data.map((a) => h('li', {},
        h('a', { href: `#/articles/${a.id}` }, articleTitle(a)),
        h('span', { class: 'meta' }, ' ', joined([a.source, dateEl(a.published_at)]))))),
    articles.next_cursor ? h('p', { class: 'more' },
      h('a', { href: hashLink('/articles', { entity: String(entity.id) }) }, 'All articles naming this entity')) : null);

  const timelineSection = h('section', { class: 'entity-timeline', 'aria-labelledby': 'et-heading' },
    h('h2', { id: 'et-heading' }, 'Articles per month'),
    timelineChart(timeline, 'articles'));
  const relatedSection = h('section', { class: 'entity-related', 'aria-labelledby': 'er-heading' },
    h('h2', { id: 'er-heading' }, 'Named in the same articles'),
    related.data.length === 0
      ? h('p', { class: 'state empty' }, 'No other entity shares an article with this one.')
      : h('ol', { class: 'related-list' }, related.data.map((r) => h('li', { dataset: { entityId: r.id, shared: r.shared_articles } },
        h('a', { href: `#/entities/${r.id}` }, r.name), ' ',
        h('a', { class: 'meta', href: hashLink('/articles', { entity: `${entity.id},${r.id}` }) }, plural(r.shared_articles, 'article'))))));
  const aboutSection = about === null ? null : h('section', { class: 'entity-about', 'aria-labelledby': 'eab-heading' },
    h('h2', { id: 'eab-heading' }, `Said about ${entity.name} (${entity.quoted_about_count})`),
    h('ol', { class: 'said-list' }, about.data.map((q) => h('li', { class: `said kind-${q.kind}`, dataset: { quoteId: q.id } },
      h('blockquote', {}, q.text),
      h('p', { class: 'meta' }, joined([
        q.speaker_id ? h('a', { href: `#/entities/${q.speaker_id}` }, q.speaker) : (q.speaker || 'unattributed'),
        h('a', { href: `#/articles/${q.article_id}` }, `Article ${q.article_id}`),
        dateEl(q.published_at),
      ]))))));

  const aliases = (entity.aliases || []).filter((a) => a !== entity.name);
  const view = h('article', { class: 'entity', 'aria-labelledby': 'entity-name', dataset: { entityId: entity.id, kind: entity.kind } },
    h('header', {},
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← All articles'), ' · ', h('a', { href: '#/entities' }, 'All entities')),
      h('h1', { id: 'entity-name' }, entity.name),
      h('p', { class: 'kind' }, h('span', { class: `swatch k-${entity.kind}`, 'aria-hidden': 'true' }), KIND_LABEL[entity.kind] || entity.kind)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Also written as'), h('dd', { class: 'aliases' }, aliases.length ? aliases.join(', ') : 'no other names'),
      h('dt', {}, 'Mentions'), h('dd', {}, String(entity.mention_count)),
      h('dt', {}, 'Articles'), h('dd', {}, String(entity.article_count ?? articles.data.length)),
      entity.quote_count !== undefined ? [h('dt', {}, 'Quotes'), h('dd', {}, String(entity.quote_count))] : null,
      entity.quoted_about_count !== undefined ? [h('dt', {}, 'Quoted about'), h('dd', {}, String(entity.quoted_about_count))] : null),
    timelineSection,
    quoteSection,
    aboutSection,
    relatedSection,
    articleSection);
  setView(view, entity.name);
  main.dataset.state = 'entity';
  main.dataset.renderMs = (performance.now() - started).toFixed(1);
}

// ---------------------------------------------------------------------------

window.addEventListener('hashchange', route);
route();
