"""A canvas to draw your own data on (a Streamlit custom component, v2 API): points sprayed with the
mouse or a finger in 2-D, a density drawn as bars in 1-D.

The component draws what Python sends it (the current points or bars and the axis ranges) and
sends back one stroke when the pointer lifts: ``stroke`` (2-D: the new points, in data units) or
``heights`` (1-D: every bar's height). Python owns the data; the canvas only proposes changes.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

CSS = """
.gc-draw { position: relative; width: 100%; }
.gc-draw canvas { width: 100%; touch-action: none; cursor: crosshair; border-radius: 6px;
  border: 1px solid rgba(128, 128, 128, 0.45); display: block; }
.gc-draw .gc-hint { font-size: 0.8rem; opacity: 0.75; margin-top: 0.25rem; }
"""

JS = r"""
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".gc-draw");
  if (!root) {
    root = document.createElement("div");
    root.className = "gc-draw";
    root.innerHTML = '<canvas aria-label="drawing area"></canvas><div class="gc-hint"></div>';
    parentElement.appendChild(root);
  }
  const canvas = root.querySelector("canvas");
  const state = canvas.gc || (canvas.gc = { stroke: [], heights: null, down: false, last: null });
  state.data = data;
  root.querySelector(".gc-hint").textContent = data.hint;
  const ctx = canvas.getContext("2d");

  function size() {
    const w = Math.max(200, Math.round(root.clientWidth || 600));
    const h = data.mode === "points" ? Math.min(w, 460) : 260;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.height = h + "px";
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return [w, h];
  }
  const M = 34; // margin for the axis labels, px
  function toData(px, py) {
    const [w, h] = size();
    const d = state.data;
    const x = d.x[0] + ((px - M) / (w - 2 * M)) * (d.x[1] - d.x[0]);
    const y = d.y[0] + ((h - M - py) / (h - 2 * M)) * (d.y[1] - d.y[0]);
    return [x, y];
  }
  function toPx(x, y) {
    const [w, h] = size();
    const d = state.data;
    return [M + ((x - d.x[0]) / (d.x[1] - d.x[0])) * (w - 2 * M),
            h - M - ((y - d.y[0]) / (d.y[1] - d.y[0])) * (h - 2 * M)];
  }
  function ink() {
    const style = getComputedStyle(parentElement.host || parentElement);
    return (style.getPropertyValue("--st-text-color") || "").trim() || "#31333f";
  }
  function ticks(lo, hi) {
    const step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 4)));
    const mult = (hi - lo) / step > 20 ? 5 : (hi - lo) / step > 8 ? 2 : 1;
    const out = [];
    for (let t = Math.ceil(lo / (step * mult)) * step * mult; t <= hi + 1e-9; t += step * mult) out.push(t);
    return out;
  }
  function label(t) { return Math.abs(t) < 1e-9 ? "0" : (+t.toPrecision(3)).toString(); }
  function draw() {
    const [w, h] = size();
    const d = state.data;
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px sans-serif";
    ctx.fillStyle = ink();
    ctx.strokeStyle = "rgba(128,128,128,0.25)";
    ctx.lineWidth = 1;
    for (const t of ticks(d.x[0], d.x[1])) {
      const [px] = toPx(t, d.y[0]);
      ctx.beginPath(); ctx.moveTo(px, M); ctx.lineTo(px, h - M); ctx.stroke();
      ctx.fillText(label(t), px - 8, h - M + 14);
    }
    if (d.mode === "points") {
      for (const t of ticks(d.y[0], d.y[1])) {
        const [, py] = toPx(d.x[0], t);
        ctx.beginPath(); ctx.moveTo(M, py); ctx.lineTo(w - M, py); ctx.stroke();
        ctx.fillText(label(t), 2, py + 4);
      }
      ctx.fillStyle = d.colour;
      ctx.globalAlpha = 0.7;
      for (const [x, y] of d.points.concat(state.stroke)) {
        const [px, py] = toPx(x, y);
        ctx.beginPath(); ctx.arc(px, py, 2.6, 0, 2 * Math.PI); ctx.fill();
      }
      ctx.globalAlpha = 1;
    } else {
      const hs = state.heights || d.heights;
      const top = Math.max(1e-9, ...hs, 1);
      const bw = (w - 2 * M) / hs.length;
      ctx.fillStyle = d.colour;
      ctx.globalAlpha = 0.65;
      hs.forEach((v, i) => {
        const bh = (v / top) * (h - 2 * M);
        ctx.fillRect(M + i * bw + 0.5, h - M - bh, bw - 1, bh);
      });
      ctx.globalAlpha = 1;
    }
  }
  function spray(px, py, n) {
    const d = state.data;
    for (let i = 0; i < n; i++) {
      const u = Math.random() || 1e-9, v = Math.random();
      const r = d.brush * Math.sqrt(-2 * Math.log(u));
      state.stroke.push(toData(px + r * Math.cos(2 * Math.PI * v), py + r * Math.sin(2 * Math.PI * v)));
    }
  }
  function setBar(px, py) {
    const [w, h] = size();
    const hs = state.heights || (state.heights = state.data.heights.slice());
    const top = Math.max(1e-9, ...state.data.heights, 1);
    const i = Math.floor(((px - M) / (w - 2 * M)) * hs.length);
    const v = Math.max(0, Math.min(1, (h - M - py) / (h - 2 * M))) * top;
    const from = state.last === null ? i : state.last;
    for (let j = Math.min(from, i); j <= Math.max(from, i); j++) if (j >= 0 && j < hs.length) hs[j] = v;
    state.last = i;
  }
  function position(e) {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }
  if (!canvas.gcBound) {
    canvas.gcBound = true;
    canvas.addEventListener("pointerdown", (e) => {
      state.down = true;
      canvas.setPointerCapture(e.pointerId);
      const [px, py] = position(e);
      if (state.data.mode === "points") spray(px, py, state.data.per_move * 2); else setBar(px, py);
      draw();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!state.down) return;
      const [px, py] = position(e);
      if (state.data.mode === "points") spray(px, py, state.data.per_move); else setBar(px, py);
      draw();
    });
    const finish = () => {
      if (!state.down) return;
      state.down = false;
      state.last = null;
      if (state.data.mode === "points") {
        const room = Math.max(0, state.data.max_points - state.data.points.length);
        setTriggerValue("stroke", state.stroke.slice(0, room));
        state.data = { ...state.data, points: state.data.points.concat(state.stroke.slice(0, room)) };
        state.stroke = [];
      } else {
        setTriggerValue("heights", state.heights);
        state.data = { ...state.data, heights: state.heights };
        state.heights = null;
      }
      draw();
    };
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    new ResizeObserver(() => draw()).observe(root);
  }
  state.heights = null;
  draw();
}
"""

_COMPONENT = st.components.v2.component("gan_classroom.draw_data", html="", css=CSS, js=JS)


def canvas(
    key: str,
    mode: str,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    colour: str,
    hint: str,
    points: list[list[float]] | None = None,
    heights: list[float] | None = None,
    brush_px: float = 7.0,
    per_move: int = 2,
    max_points: int = 5_000,
) -> Any:
    """Mount the canvas; the result's ``stroke`` (2-D) or ``heights`` (1-D) is set on the run that
    follows a stroke, and None otherwise."""
    data = {
        "mode": mode,
        "x": list(x_range),
        "y": list(y_range),
        "colour": colour,
        "hint": hint,
        "points": points or [],
        "heights": heights or [],
        "brush": brush_px,
        "per_move": per_move,
        "max_points": max_points,
    }
    return _COMPONENT(key=key, data=data, on_stroke_change=lambda: None, on_heights_change=lambda: None)
