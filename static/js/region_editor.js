/* The desk's region editor: draw, move and resize an article's rectangles on its page image.
 *
 * No dependency. The source of truth is the inline's number fields (x, y, width, height: 0–1 of the
 * page), which stay usable with the keyboard; this script only draws them over the page image and
 * writes them back when the editor drags. A drawn rectangle becomes a new inline row ("add another"). */
"use strict";

(function () {
  const MIN_SIZE = 0.005; // a click is not a region
  const round = (value) => Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;

  function setUp(editor) {
    const prefix = editor.dataset.prefix;
    const pageId = editor.dataset.pageId;
    const canvas = editor.querySelector(".region-editor-canvas");
    const group = document.getElementById(prefix + "-group");
    if (!group || !canvas) return;
    let selected = null; // the selected row (tr)
    let drag = null; // {mode, row, start, box, element}

    const field = (row, name) => row.querySelector(`[name^="${prefix}-"][name$="-${name}"]`);
    const editable = () => group.querySelector(`[name^="${prefix}-"][name$="-x"]`) !== null;

    function rows() {
      return Array.from(group.querySelectorAll("tr.form-row")).filter(
        (row) => !row.classList.contains("empty-form") && field(row, "x")
      );
    }

    function boxOf(row) {
      const values = ["x", "y", "width", "height"].map((name) => parseFloat(field(row, name).value));
      if (values.some((value) => Number.isNaN(value))) return null;
      const [x, y, width, height] = values;
      if (width <= 0 || height <= 0) return null;
      return { x, y, width, height };
    }

    function onThisPage(row) {
      const page = field(row, "page");
      return !page || page.value === "" || page.value === pageId;
    }

    function isDeleted(row) {
      const box = field(row, "DELETE");
      return box && box.checked;
    }

    function place(element, box) {
      element.style.left = `${box.x * 100}%`;
      element.style.top = `${box.y * 100}%`;
      element.style.width = `${box.width * 100}%`;
      element.style.height = `${box.height * 100}%`;
    }

    function render() {
      canvas.querySelectorAll(".region-box").forEach((element) => element.remove());
      rows().forEach((row, index) => {
        const box = boxOf(row);
        if (!box || !onThisPage(row) || isDeleted(row)) return;
        const element = document.createElement("div");
        const status = field(row, "status");
        element.className = "region-box";
        if (status) element.classList.add(`is-${status.value}`);
        if (row === selected) element.classList.add("is-selected");
        element.dataset.row = String(index);
        const label = document.createElement("span");
        label.className = "region-box-label";
        const order = field(row, "order");
        label.textContent = order && order.value ? order.value : String(index + 1);
        element.appendChild(label);
        if (editable()) {
          const handle = document.createElement("span");
          handle.className = "region-box-handle";
          element.appendChild(handle);
        }
        place(element, box);
        canvas.appendChild(element);
      });
      rows().forEach((row) => row.classList.toggle("region-row-selected", row === selected));
    }

    function point(event) {
      const rect = canvas.getBoundingClientRect();
      return { x: round((event.clientX - rect.left) / rect.width), y: round((event.clientY - rect.top) / rect.height) };
    }

    function write(row, box) {
      for (const name of ["x", "y", "width", "height"]) {
        const input = field(row, name);
        input.value = String(round(box[name]));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function newRow() {
      const before = rows().length;
      const add = group.querySelector(".add-row a");
      if (!add) return null;
      add.click();
      const all = rows();
      if (all.length === before) return null;
      const row = all[all.length - 1];
      const orders = all.map((each) => parseInt(field(each, "order").value, 10) || 0);
      field(row, "order").value = String(Math.max(0, ...orders.slice(0, -1)) + 1);
      const page = field(row, "page");
      if (page && page.querySelector(`option[value="${pageId}"]`)) page.value = pageId;
      const status = field(row, "status");
      if (status) status.value = "accepted";
      return row;
    }

    canvas.addEventListener("pointerdown", (event) => {
      if (!editable() || event.button !== 0) return;
      event.preventDefault();
      const start = point(event);
      const target = event.target.closest(".region-box");
      if (target) {
        const row = rows()[parseInt(target.dataset.row, 10)];
        selected = row;
        const mode = event.target.classList.contains("region-box-handle") ? "resize" : "move";
        drag = { mode, row, start, box: boxOf(row) };
        render();
        drag.element = canvas.querySelector(`.region-box[data-row="${target.dataset.row}"]`);
      } else {
        const element = document.createElement("div");
        element.className = "region-box is-drawing";
        canvas.appendChild(element);
        drag = { mode: "draw", start, box: { x: start.x, y: start.y, width: 0, height: 0 }, element };
        place(element, drag.box);
      }
      canvas.setPointerCapture(event.pointerId);
    });

    canvas.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const now = point(event);
      const dx = now.x - drag.start.x;
      const dy = now.y - drag.start.y;
      const from = drag.box;
      let box;
      if (drag.mode === "draw") {
        box = {
          x: Math.min(drag.start.x, now.x),
          y: Math.min(drag.start.y, now.y),
          width: Math.abs(dx),
          height: Math.abs(dy),
        };
      } else if (drag.mode === "move") {
        box = {
          x: Math.min(Math.max(0, from.x + dx), 1 - from.width),
          y: Math.min(Math.max(0, from.y + dy), 1 - from.height),
          width: from.width,
          height: from.height,
        };
      } else {
        box = {
          x: from.x,
          y: from.y,
          width: Math.min(Math.max(MIN_SIZE, from.width + dx), 1 - from.x),
          height: Math.min(Math.max(MIN_SIZE, from.height + dy), 1 - from.y),
        };
      }
      drag.current = box;
      if (drag.element) place(drag.element, box);
    });

    function finish() {
      if (!drag) return;
      const { mode, current } = drag;
      let row = drag.row;
      if (drag.mode === "draw" && drag.element) drag.element.remove();
      drag = null;
      if (!current) return render();
      if (mode === "draw") {
        if (current.width < MIN_SIZE || current.height < MIN_SIZE) return render();
        row = newRow();
        if (!row) return render();
        selected = row;
      }
      write(row, current);
      render();
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);

    group.addEventListener("input", render);
    group.addEventListener("change", render);
    document.addEventListener("formset:added", render);
    document.addEventListener("formset:removed", render);
    render();
  }

  function start() {
    document.querySelectorAll(".region-editor").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
