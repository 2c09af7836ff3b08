/* The structure editor's keyboard (the page works without it: a form per line).
   ↑/↓ or k/j choose a line, 1–0 set its role (in the order of the role list), n toggles
   "new article here", p previews. Lines are recoloured by article as roles and starts change. */
(function () {
  "use strict";
  const ROLE_KEYS = "1234567890";
  const PALETTE = 8;

  function init() {
    const form = document.getElementById("structure-form");
    if (!form) return;
    const rows = Array.from(form.querySelectorAll("tr[data-line]"));
    const editable = rows.filter((row) => row.querySelector("select[name^='role-']"));
    let current = null;

    function select(row) {
      if (!row) return;
      if (current) current.classList.remove("current");
      current = row;
      row.classList.add("current");
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }

    function recolour() {
      const groupOf = new Map(); // line number -> group index
      let group = -1;
      rows.forEach((row) => {
        const role = row.querySelector("select[name^='role-']");
        const start = row.querySelector("input[name^='start-']");
        const join = row.querySelector("select[name^='join-']");
        if (!role) return; // locked lines keep what the server gave them
        row.className = row.className.replace(/\b(art-\d+|role-\S+|start)\b/g, "").trim();
        row.classList.add("role-" + role.value);
        const art = row.querySelector("td.art");
        if (role.value === "furniture") {
          art.textContent = "";
          return;
        }
        let index;
        if (start.checked || group < 0) {
          group += 1;
          index = group;
          row.classList.add("start");
        } else if (join.value && groupOf.has(Number(join.value))) {
          index = groupOf.get(Number(join.value));
        } else {
          index = group;
        }
        groupOf.set(Number(row.dataset.line), index);
        row.classList.add("art-" + (index % PALETTE));
        art.textContent = "#" + (index + 1);
      });
    }

    editable.forEach((row) => {
      row.tabIndex = -1;
      row.addEventListener("click", () => select(row));
    });
    form.addEventListener("change", recolour);

    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const tag = event.target.tagName;
      if ((tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && event.target.type !== "checkbox"))) return;
      const position = current ? editable.indexOf(current) : -1;
      if (event.key === "ArrowDown" || event.key === "j") {
        select(editable[Math.min(position + 1, editable.length - 1)]);
      } else if (event.key === "ArrowUp" || event.key === "k") {
        select(editable[Math.max(position - 1, 0)]);
      } else if (current && ROLE_KEYS.includes(event.key)) {
        const role = current.querySelector("select[name^='role-']");
        const option = role.options[ROLE_KEYS.indexOf(event.key)];
        if (!option) return;
        role.value = option.value;
        recolour();
      } else if (current && event.key === "n") {
        const start = current.querySelector("input[name^='start-']");
        start.checked = !start.checked;
        recolour();
      } else if (event.key === "p") {
        document.getElementById("structure-preview-button").click();
      } else {
        return;
      }
      event.preventDefault();
    });
    if (editable.length) select(editable[0]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
