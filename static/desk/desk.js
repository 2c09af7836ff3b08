/* The editors' desk (admin) in the browser; everything here is an aid, the forms work without it.
 *
 *  - a warning before leaving a change form with unsaved changes (beforeunload);
 *  - the article form: the page picker offers only pages of the chosen issue, a character count
 *    for Chinese under CKEditor, and the OCR source beside the body follows the paragraph being
 *    edited (its passage highlighted and scrolled into view).
 */
(function () {
  "use strict";

  function changeForm() {
    return document.querySelector("#content-main form[id$='_form']");
  }

  // --- unsaved changes ---------------------------------------------------------------------
  var dirty = false;
  function markDirty() { dirty = true; }

  function watchUnsaved(form) {
    form.addEventListener("input", markDirty, true);
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "action") return; // list actions are not edits
      markDirty();
    }, true);
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  // --- CKEditor: the body editor, once it exists --------------------------------------------
  function whenEditor(id, callback) {
    var tries = 0;
    var timer = window.setInterval(function () {
      var editor = window.editors && window.editors[id];
      if (editor || ++tries > 200) {
        window.clearInterval(timer);
        if (editor) callback(editor);
      }
    }, 50);
  }

  function plainText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.body ? doc.body.textContent || "" : "";
  }

  /* 字数 as Chinese editors count it: every character except white space. */
  function countCharacters(text) {
    return Array.from(text.replace(/\s+/g, "")).length;
  }

  function characterCount(editor) {
    var box = document.getElementById("id_body_script-word-count");
    if (!box) return;
    var counter = document.createElement("span");
    counter.className = "desk-char-count";
    box.innerHTML = "";
    box.appendChild(counter);
    function update() {
      counter.textContent = "字数：" + countCharacters(plainText(editor.getData()));
    }
    editor.model.document.on("change:data", update);
    update();
  }

  // --- the OCR source follows the paragraph being edited ------------------------------------
  function sourceFollower(editable) {
    var source = document.querySelector(".field-source_display .desk-source");
    if (!source || !source.firstChild || source.firstChild.nodeType !== Node.TEXT_NODE) return;
    var node = source.firstChild;
    var raw = node.data;
    // The source without white space (OCR lines break anywhere), with each character's offset.
    var compact = "";
    var offsets = [];
    for (var i = 0; i < raw.length; i++) {
      if (!/\s/.test(raw[i])) { compact += raw[i]; offsets.push(i); }
    }
    var canHighlight = typeof Highlight === "function" && window.CSS && CSS.highlights;
    var lastText = null;

    function locate(text) {
      var words = text.replace(/\s+/g, "");
      if (!words) return null;
      for (var size = Math.min(16, words.length); size >= Math.min(4, words.length); size -= 4) {
        var start = compact.indexOf(words.slice(0, size));
        if (start < 0) continue;
        var end = start + words.length;
        var tail = words.slice(-Math.min(8, words.length));
        var found = compact.indexOf(tail, start);
        if (found >= 0 && found - start < words.length * 2) end = found + tail.length;
        end = Math.min(end, compact.length);
        return [offsets[start], offsets[end - 1] + 1];
      }
      return null;
    }

    function follow() {
      var selection = window.getSelection();
      if (!selection || !selection.anchorNode || !editable.contains(selection.anchorNode)) return;
      var element = selection.anchorNode.nodeType === Node.ELEMENT_NODE ? selection.anchorNode : selection.anchorNode.parentElement;
      var block = element && element.closest("p, li, h3, h4, blockquote, td");
      if (!block || !editable.contains(block)) return;
      var text = block.textContent || "";
      if (text === lastText) return;
      lastText = text;
      var span = locate(text);
      source.classList.toggle("desk-source-following", !!span);
      if (!span) {
        if (canHighlight) CSS.highlights.delete("desk-source-passage");
        source.removeAttribute("data-passage");
        return;
      }
      var range = document.createRange();
      range.setStart(node, span[0]);
      range.setEnd(node, span[1]);
      if (canHighlight) CSS.highlights.set("desk-source-passage", new Highlight(range));
      source.setAttribute("data-passage", span[0] + "-" + span[1]);
      var rect = range.getBoundingClientRect();
      var box = source.getBoundingClientRect();
      var target = source.scrollTop + rect.top - box.top - source.clientHeight / 3;
      source.scrollTo({ top: Math.max(0, target), behavior: "smooth" });
    }

    document.addEventListener("selectionchange", follow);
    editable.addEventListener("keyup", follow);
    editable.addEventListener("click", follow);
  }

  // --- the page picker offers the chosen issue's pages ----------------------------------------
  function pagesOfChosenIssue() {
    var issue = document.getElementById("id_issue");
    if (!issue || !window.django || !django.jQuery) return;
    var $ = django.jQuery;
    $.ajaxPrefilter(function (options) {
      if (typeof options.data !== "string") return;
      if (options.data.indexOf("model_name=article") < 0 || options.data.indexOf("field_name=page") < 0) return;
      if (issue.value) options.data += "&issue=" + encodeURIComponent(issue.value);
    });
    // Django's RelatedObjectLookups triggers "change" on every related select when the form
    // loads: only a real change of issue makes the chosen page one of another issue.
    var chosenIssue = issue.value;
    $(issue).on("change", function () {
      if (issue.value === chosenIssue) return;
      chosenIssue = issue.value;
      var page = $("#id_page");
      if (page.val()) page.val(null).trigger("change"); // a page of the previous issue
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = changeForm();
    if (form) watchUnsaved(form);
    if (document.getElementById("id_body") && document.body.classList.contains("model-article")) {
      pagesOfChosenIssue();
      whenEditor("id_body", function (editor) {
        characterCount(editor);
        editor.model.document.on("change:data", markDirty);
        var editable = document.querySelector(".field-body .ck-editor__editable");
        if (editable) sourceFollower(editable);
      });
    }
  });
})();
