/*
 * physmem view: draws each flat view as a zoomable address bar beside its region trees.
 *
 * The data comes from the JSON block #physmem-data (written by MapPage). Every string from it
 * enters the page through textContent or setAttribute, never as markup. Addresses are BigInts:
 * the space is 2^64 bytes, more than a Number holds exactly. Only differences, once scaled to
 * the bar's pixel width, become Numbers.
 */
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('physmem-data').textContent);

  const SPACE_END = 1n << 64n;          // one past the last address
  const MIN_SPAN = 16n;                 // the deepest zoom shows 16 addresses across the bar
  const FRACTION_ONE = 1n << 24n;       // fixed-point scale for fractions of a span
  const BAR_TOP = 16, BAR_HEIGHT = 42, TICK_TOP = 62, HEIGHT = 92;
  const LABEL_CHAR_PX = 6.4;            // rough width of one label character at 11px

  // The SVG namespace, taken from the HTML parser, so that the page holds no URL at all.
  const SVG_NS = (() => {
    const t = document.createElement('template');
    t.innerHTML = '<svg></svg>';
    return t.content.firstChild.namespaceURI;
  })();

  // ------------------------------------------------------------------ small helpers

  const big = hex16 => BigInt('0x' + hex16);
  const minBig = (a, b) => (a < b ? a : b);
  const maxBig = (a, b) => (a > b ? a : b);

  /** An HTML element with an optional class and text. */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** An SVG element with attributes (values become strings). */
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  /** The names of a view's address spaces, comma-separated. */
  function spaceNames(spaces) {
    return spaces.map(s => s.name).join(', ');
  }

  /** 0x-prefixed hex with '_' between groups of four digits: 0xfec0_0000. */
  function hexGrouped(v) {
    return '0x' + v.toString(16).replace(/\B(?=([0-9a-f]{4})+$)/g, '_');
  }

  /** A byte count in binary units: 4 GiB, 1.5 KiB, 16 EiB. */
  function sizeText(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
    let v = Number(n), u = 0;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    const digits = Number.isInteger(v) ? v.toString() : v.toFixed(v < 10 ? 2 : 1);
    return digits + ' ' + units[u];
  }

  /** span * f for a Number fraction f (may be negative), in BigInt. */
  function scale(span, f) {
    return span * BigInt(Math.round(f * Number(FRACTION_ONE))) / FRACTION_ONE;
  }

  // ------------------------------------------------------------------ the tooltip

  const tooltip = document.getElementById('tooltip');

  function showTooltip(range, spaces, event) {
    tooltip.replaceChildren(
      el('div', 'head', range.start + '-' + range.last + ' (prio ' + range.prio + ', ' + range.type + '): '
        + range.region + (big(range.offset) === 0n ? '' : ' @' + range.offset)),
      el('div', '', 'size ' + sizeText(big(range.last) - big(range.start) + 1n)
        + (spaces.length > 1 ? ', seen by ' + spaceNames(spaces) : '')),
      el('div', '', '\n' + range.explain.trimEnd()));
    tooltip.hidden = false;
    moveTooltip(event);
  }

  function moveTooltip(event) {
    const pad = 14;
    const w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    let x = event.clientX + pad, y = event.clientY + pad;
    if (x + w > window.innerWidth - 4) x = Math.max(4, event.clientX - pad - w);
    if (y + h > window.innerHeight - 4) y = Math.max(4, event.clientY - pad - h);
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  // ------------------------------------------------------------------ the address bar

  /** One flat view's bar: a window [lo, lo + span) of the 64-bit space, drawn into an SVG. */
  class AddressBar {
    constructor(view) {
      this.view = view;
      this.ranges = view.ranges.map(r => ({ data: r, lo: big(r.start), hi: big(r.last) + 1n }));
      this.selection = null;
      this.element = el('div', 'bar-panel');
      this.readout = el('span', 'window');
      this.element.append(this.controls(), this.svgElement(), this.note(), this.rangeList());
      this.lo = 0n;
      this.span = SPACE_END;
    }

    controls() {
      const bar = el('div', 'controls');
      const button = (text, title, action) => {
        const b = el('button', '', text);
        b.type = 'button';
        b.title = title;
        b.addEventListener('click', action);
        bar.append(b);
      };
      button('+', 'zoom in', () => this.zoom(1, 2, 0.5));
      button('\u2212', 'zoom out', () => this.zoom(2, 1, 0.5));
      button('fit', 'zoom to the extent of the ranges', () => this.fit());
      button('2^64', 'show the whole 64-bit space', () => this.show(0n, SPACE_END));
      bar.append(this.readout);
      return bar;
    }

    svgElement() {
      const label = 'flat view of ' + spaceNames(this.view.spaces);
      this.svg = svg('svg', { class: 'bar', role: 'img', 'aria-label': label, height: HEIGHT });
      this.svg.addEventListener('wheel', e => this.onWheel(e), { passive: false });
      this.svg.addEventListener('pointerdown', e => this.onPointerDown(e));
      this.svg.addEventListener('pointermove', e => this.onPointerMove(e));
      this.svg.addEventListener('pointerup', e => this.onPointerUp(e));
      this.svg.addEventListener('pointercancel', () => { this.drag = null; this.svg.classList.remove('dragging'); });
      this.svg.addEventListener('pointerleave', hideTooltip);
      return this.svg;
    }

    note() {
      const n = this.ranges.length;
      return el('div', 'ranges-note', n === 0 ? 'no ranges'
        : n + (n === 1 ? ' range' : ' ranges') + ', ' + sizeText(this.ranges.reduce((s, r) => s + (r.hi - r.lo), 0n))
          + ' assigned');
    }

    /** The ranges as info mtree -f lines; hovering one explains it, clicking one zooms to it. */
    rangeList() {
      const list = el('div', 'range-list');
      for (const r of this.ranges) {
        const d = r.data;
        const line = el('div', 'range-line');
        line.append(el('span', 'swatch k-' + d.kind), ' ', el('span', 'addr', d.start + '-' + d.last), ' ',
          el('span', 'meta', '(prio ' + d.prio + ', ' + d.type + ')'), ': ', el('span', 'name', d.region));
        if (big(d.offset) !== 0n) line.append(' @' + d.offset);
        line.addEventListener('pointermove', e => showTooltip(d, this.view.spaces, e));
        line.addEventListener('pointerleave', hideTooltip);
        line.addEventListener('click', () => this.zoomTo(r.lo, r.hi));
        list.append(line);
      }
      return list;
    }

    get width() {
      return Math.max(200, this.svg.clientWidth || 900);
    }

    /** Shows the extent of the ranges: first start to last end. */
    fit() {
      if (this.ranges.length === 0) return this.show(0n, SPACE_END);
      const lo = this.ranges[0].lo, hi = this.ranges[this.ranges.length - 1].hi;
      this.show(lo, hi - lo);
    }

    /** Shows [lo, hi) and outlines it. */
    zoomTo(lo, hi) {
      this.selection = { lo, hi };
      const pad = maxBig((hi - lo) / 8n, 1n);
      this.show(lo - pad, hi - lo + 2n * pad);
    }

    /** Zooms by num/den (below 1 zooms in), keeping the address at fraction fx of the width in place. */
    zoom(num, den, fx) {
      const anchor = this.lo + scale(this.span, fx);
      const span = maxBig(MIN_SPAN, minBig(SPACE_END, this.span * BigInt(num) / BigInt(den)));
      this.show(anchor - scale(span, fx), span);
    }

    show(lo, span) {
      this.span = maxBig(MIN_SPAN, minBig(SPACE_END, span));
      this.lo = maxBig(0n, minBig(lo, SPACE_END - this.span));
      this.draw();
    }

    /** The x coordinate of address a (a Number, possibly far off the bar). */
    x(a) {
      return Number(a - this.lo) * this.width / Number(this.span);
    }

    draw() {
      const w = this.width;
      this.svg.setAttribute('viewBox', '0 0 ' + w + ' ' + HEIGHT);
      this.svg.replaceChildren(svg('rect', { class: 'unassigned', x: 0, y: BAR_TOP, width: w, height: BAR_HEIGHT }));
      const hi = this.lo + this.span;
      for (const r of this.ranges) {
        if (r.hi > this.lo && r.lo < hi) this.drawRange(r, w);
      }
      if (this.ranges.length === 0) {
        this.svg.append(svg('text', { class: 'empty', x: w / 2, y: BAR_TOP + BAR_HEIGHT / 2 + 4, 'text-anchor': 'middle' }));
        this.svg.lastChild.textContent = 'No rendered FlatView: nothing answers in this address space';
      }
      this.drawSelection(w);
      this.drawTicks(w);
      this.readout.textContent = hexGrouped(this.lo) + ' \u2013 ' + hexGrouped(hi - 1n) + '  (' + sizeText(this.span) + ')';
    }

    drawRange(r, w) {
      const x0 = Math.max(-2, this.x(r.lo)), x1 = Math.min(w + 2, this.x(r.hi));
      const width = Math.max(2, x1 - x0);   // a port or a page among gigabytes stays visible
      const rect = svg('rect', {
        class: 'range k-' + r.data.kind, x: x0, y: BAR_TOP, width, height: BAR_HEIGHT,
        'data-region': r.data.region, 'data-start': r.data.start, 'data-last': r.data.last,
      });
      rect.rangeData = r;
      this.svg.append(rect);
      const visible = Math.min(w, x1) - Math.max(0, x0);
      const name = r.data.region;
      if (visible > name.length * LABEL_CHAR_PX + 10) {
        const label = svg('text', {
          class: 'label', x: (Math.max(0, x0) + Math.min(w, x1)) / 2, y: BAR_TOP + BAR_HEIGHT / 2 + 4,
          'text-anchor': 'middle',
        });
        label.textContent = name;
        this.svg.append(label);
      }
    }

    drawSelection(w) {
      const s = this.selection;
      if (!s || s.hi <= this.lo || s.lo >= this.lo + this.span) return;
      const x0 = Math.max(-2, this.x(s.lo)), x1 = Math.min(w + 2, this.x(s.hi));
      this.svg.append(svg('rect', {
        class: 'selection', x: x0, y: BAR_TOP - 4, width: Math.max(2, x1 - x0), height: BAR_HEIGHT + 8,
      }));
    }

    /** Hex ticks at multiples of a power of two, spaced so that their labels do not collide. */
    drawTicks(w) {
      const hi = this.lo + this.span;
      const labelPx = hexGrouped(hi - 1n).length * 6.2 + 24;
      const wanted = this.span * BigInt(Math.ceil(labelPx)) / BigInt(Math.floor(w)) + 1n;
      let step = 1n;
      while (step < wanted) step <<= 1n;
      const g = svg('g', { class: 'tick' });
      for (let t = (this.lo + step - 1n) / step * step; t <= hi; t += step) {
        const x = this.x(t);
        if (x < 0 || x > w) continue;
        const anchor = x < labelPx / 2 ? 'start' : x > w - labelPx / 2 ? 'end' : 'middle';
        g.append(svg('line', { x1: x, x2: x, y1: BAR_TOP + BAR_HEIGHT, y2: TICK_TOP + 4 }));
        const text = svg('text', { x, y: TICK_TOP + 16, 'text-anchor': anchor });
        text.textContent = t === SPACE_END ? '2^64' : hexGrouped(t);
        g.append(text);
      }
      this.svg.append(g);
    }

    fraction(event) {
      const box = this.svg.getBoundingClientRect();
      return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    }

    onWheel(event) {
      event.preventDefault();
      hideTooltip();
      const fx = this.fraction(event);
      if (event.deltaY < 0) this.zoom(4, 5, fx);
      else if (event.deltaY > 0) this.zoom(5, 4, fx);
    }

    onPointerDown(event) {
      if (event.button !== 0) return;
      this.drag = { x: event.clientX, lo: this.lo, moved: false, id: event.pointerId };
    }

    onPointerMove(event) {
      const d = this.drag;
      if (d && (d.moved || Math.abs(event.clientX - d.x) > 3)) {
        if (!d.moved) {
          d.moved = true;
          try {
            this.svg.setPointerCapture(d.id);   // keep panning when the pointer leaves the bar
          } catch (e) {
            // the pointer is already gone: pan without capture
          }
          this.svg.classList.add('dragging');
          hideTooltip();
        }
        this.show(d.lo - scale(this.span, (event.clientX - d.x) / this.svg.getBoundingClientRect().width), this.span);
        return;
      }
      const r = event.target.rangeData;
      if (r) showTooltip(r.data, this.view.spaces, event);
      else hideTooltip();
    }

    onPointerUp(event) {
      const d = this.drag;
      this.drag = null;
      this.svg.classList.remove('dragging');
      if (d && !d.moved && event.target.rangeData) {
        const r = event.target.rangeData;
        this.zoomTo(r.lo, r.hi);
      }
    }
  }

  // ------------------------------------------------------------------ the region tree

  /** One tree block: the address-space names, then the nested regions. */
  function treeBlock(tree, bar) {
    const block = el('div', 'tree-block');
    const head = el('div', 'tree-head');
    tree.spaces.forEach((name, i) => {
      if (i > 0) head.append(', ');
      head.append('address-space: ', el('span', 'as', name));
    });
    const list = el('ul', 'tree');
    list.append(treeItem(tree.root, bar));
    block.append(head, list);
    return block;
  }

  /** A region as an info mtree -D line, with its subregions nested below. */
  function treeItem(node, bar) {
    const item = el('li');
    const line = el('div', 'node' + (node.disabled ? ' disabled' : ''));
    line.append(el('span', 'addr', node.start + '-' + node.last), ' ',
      el('span', 'meta', '(prio ' + node.prio + ', ' + node.type + ')'), ': ');
    if (node.alias) {
      line.append('alias ', el('span', 'name', node.name), ' @', el('span', 'target', node.alias.target), ' ',
        el('span', 'addr', node.alias.start + '-' + node.alias.last));
    } else {
      line.append(el('span', 'name', node.name));
    }
    if (node.disabled) line.append(' ', el('span', 'flag', '[disabled]'));
    line.dataset.region = node.name;
    line.title = 'zoom to ' + node.name;
    line.addEventListener('click', () => {
      document.querySelectorAll('.node.selected').forEach(n => n.classList.remove('selected'));
      line.classList.add('selected');
      bar.zoomTo(big(node.start), big(node.last) + 1n);
    });
    item.append(line);
    if (node.children.length > 0) {
      const children = el('ul');
      node.children.forEach(child => children.append(treeItem(child, bar)));
      item.append(children);
    }
    return item;
  }

  // ------------------------------------------------------------------ the page

  function viewSection(view, index) {
    const section = el('section', 'view');
    const title = el('h2');
    title.append('FlatView #' + index + ': ');
    // Like info mtree -f: each space's own root where it is not the view's; said once when all share it.
    const ownRoots = new Set(view.spaces.map(space => space.root));
    view.spaces.forEach((space, i) => {
      if (i > 0) title.append(', ');
      title.append('AS "' + space.name + '"');
      if (ownRoots.size > 1 && space.root !== view.root) title.append(el('span', 'root', ' (root ' + space.root + ')'));
    });
    const sharedRoot = view.spaces[0].root;
    if (ownRoots.size === 1 && sharedRoot !== view.root) title.append(el('span', 'root', 'root: ' + sharedRoot));
    title.append(el('span', 'root', 'root memory region: ' + (view.root === null ? '(none)' : view.root)));
    const bar = new AddressBar(view);
    const trees = el('div', 'tree-panel');
    view.trees.forEach(tree => trees.append(treeBlock(tree, bar)));
    const body = el('div', 'view-body');
    body.append(bar.element, trees);
    section.append(title, body);
    return { section, bar };
  }

  function legend() {
    const box = document.getElementById('legend');
    for (const entry of data.legend) {
      const item = el('span', 'item');
      item.append(el('span', 'swatch k-' + entry.kind), entry.label);
      box.append(item);
    }
    const unassigned = el('span', 'item');
    unassigned.append(el('span', 'swatch unassigned'), 'unassigned');
    box.append(unassigned);
  }

  legend();
  const main = document.getElementById('views');
  main.replaceChildren();
  const bars = data.views.map((view, i) => {
    const { section, bar } = viewSection(view, i);
    main.append(section);
    return bar;
  });
  bars.forEach(bar => bar.fit());
  window.addEventListener('resize', () => bars.forEach(bar => bar.draw()));
})();
