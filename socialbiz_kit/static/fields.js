/* socialbiz-kit: what the self-check page and the seminar page share in their forms.
 *
 * filePicker(id): the browser's own file control names its button and its "no file" status in the browser's
 * language, whatever the page's. The page puts a button of its own beside it (id + "-pick", in the page's language,
 * named by the field's label); this opens the control, which stays in the page for the files it holds, hidden from
 * sight, from the tab order and from screen readers.
 */
(function (root) {
  "use strict";

  function filePicker(id) {
    var input = document.getElementById(id), pick = document.getElementById(id + "-pick");
    input.classList.add("visually-hidden");
    input.tabIndex = -1;
    input.setAttribute("aria-hidden", "true");
    pick.hidden = false;
    pick.addEventListener("click", function () { input.click(); });
  }

  root.SocialbizFields = {filePicker: filePicker};
}(window));
