#!/usr/bin/env node
// Renders a JSON Resume document (read on stdin) with a theme from corpus/node_modules and writes
// the theme's HTML to stdout:
//
//     node corpus/node/render_theme.js jsonresume-theme-even 2026-11-20 < resume.json > resume.html
//
// Themes compute durations and "present" from the clock and a few draw random ids, so both are
// fixed here (the corpus's day, a seeded generator): the same resume gives the same HTML on every
// run. Themes are CommonJS or ES modules, and render synchronously or return a promise.
'use strict';

const fs = require('fs');

function fixClock(isoDay) {
  const RealDate = Date;
  const fixed = RealDate.parse(`${isoDay}T12:00:00Z`);
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixed);
      else super(...args);
    }
    static now() {
      return fixed;
    }
  }
  global.Date = FixedDate;
}

function fixRandom(seedText) {
  let state = 2166136261;
  for (const ch of seedText) state = Math.imul(state ^ ch.charCodeAt(0), 16777619) >>> 0;
  Math.random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

// Bare names resolve from corpus/node_modules (this file sits in corpus/node/). A theme whose
// CommonJS build requires an ES-only package (even) is loaded through its ES entry instead.
const ES_ONLY = new Set(['ERR_REQUIRE_ESM', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);

async function loadTheme(name) {
  try {
    return require(name);
  } catch (error) {
    if (!ES_ONLY.has(error.code)) throw error;
    return import(name);
  }
}

async function main() {
  const [name, isoDay] = process.argv.slice(2);
  if (!name || !isoDay) throw new Error('usage: render_theme.js THEME YYYY-MM-DD < resume.json');
  const resume = JSON.parse(fs.readFileSync(0, 'utf8'));
  fixClock(isoDay);
  fixRandom(`${name}:${resume.basics && resume.basics.name}`);
  const theme = await loadTheme(name);
  const render = theme.render || (theme.default && theme.default.render) || theme.default;
  if (typeof render !== 'function') throw new Error(`${name} exports no render()`);
  const html = await render(resume);
  process.stdout.write(html);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
