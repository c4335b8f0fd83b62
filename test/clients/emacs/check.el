;;; check.el --- drive keepalive-language-server from Emacs 28 + eglot 1.9 -*- lexical-binding: t -*-
;;
;;   emacs --batch -l test/clients/emacs/check.el
;;
;; Loads the eglot snippet (KL_SNIPPET) after activating the installed packages (as an interactive
;; Emacs does before init.el), visits the file of KL_EXPECT, lets `eglot-ensure' connect (its
;; post-command-hook, run once as the command loop would), and writes what the client got to KL_OUT
;; (JSON): the languageId eglot sends, the diagnostics in Flymake, hover, codeLens (eglot 1.9 has no
;; CodeLens: sent raw), and the buffer text after applying a code action's edit the way
;; `eglot-code-actions' does. test/clients/run.ts compares.

(require 'cl-lib)
(require 'json)

(defvar kl-timeout (/ (string-to-number (or (getenv "KL_TIMEOUT_MS") "8000")) 1000.0))
(defvar kl-out nil "Alist written to KL_OUT.")
(defvar kl-errors nil)
(defvar kl-published nil "URIs for which textDocument/publishDiagnostics arrived.")

(defun kl-put (key value) (push (cons key value) kl-out))
(defun kl-fail (fmt &rest args) (push (apply #'format fmt args) kl-errors))

(defun kl-wait (pred)
  "Run the event loop until PRED is non-nil or `kl-timeout' passes; return PRED's value."
  (let ((deadline (+ (float-time) kl-timeout)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    v))

(defun kl-finish ()
  (kl-put 'errors (vconcat (reverse kl-errors)))
  (let ((coding-system-for-write 'utf-8-unix))
    (with-temp-file (getenv "KL_OUT")
      (insert (json-encode kl-out))))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if kl-errors 1 0)))

(defun kl-lsp-position (line character)
  (save-excursion
    (goto-char (point-min))
    (forward-line line)
    (forward-char character)
    (point)))

(defun kl-run ()
  (let* ((exp (json-read-file (getenv "KL_EXPECT")))
         (file (alist-get 'file exp)))
    (package-activate-all)
    (load (getenv "KL_SNIPPET") nil t)
    (require 'eglot)
    (cl-defmethod eglot-handle-notification :after
      (_server (_method (eql textDocument/publishDiagnostics)) &key uri &allow-other-keys)
      (push uri kl-published))
    (find-file file)
    (kl-put 'mode (symbol-name major-mode))
    ;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
    (run-hooks 'post-command-hook)
    (let ((server (kl-wait (lambda () (and eglot--managed-mode (eglot-current-server))))))
      (unless server
        (kl-fail "eglot did not manage %s (major mode %s)" file major-mode)
        (throw 'done nil))
      (kl-put 'attached t)
      (kl-put 'languageId (eglot--language-id server))
      (let ((uri (eglot--path-to-uri buffer-file-name)))
        (kl-put 'uri uri)
        (unless (kl-wait (lambda () (or (member uri kl-published) (not (jsonrpc-running-p server)))))
          (kl-fail "no textDocument/publishDiagnostics for %s within %s s" uri kl-timeout))
        (unless (jsonrpc-running-p server)
          (kl-fail "the server exited")
          (throw 'done nil)))
      ;; Diagnostics as Flymake holds them (eglot keeps each LSP diagnostic in the Flymake one).
      (flymake-start)
      (unless (kl-wait (lambda () (memq 'eglot-flymake-backend (flymake-reporting-backends))))
        (kl-fail "eglot's Flymake backend reported nothing within %s s" kl-timeout))
      (kl-put 'diagnostics
              (vconcat
               (cl-loop for d in (flymake-diagnostics)
                        for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
                        collect `((line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                  (col . ,(save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column)))
                                  (code . ,(plist-get lsp :code))
                                  (severity . ,(plist-get lsp :severity))
                                  (message . ,(plist-get lsp :message))))))
      ;; Hover at point, as eglot's eldoc does.
      (let ((h (alist-get 'hover exp)))
        (goto-char (kl-lsp-position (alist-get 'line h) (alist-get 'character h)))
        (let* ((r (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
               (c (plist-get r :contents)))
          (kl-put 'hover (cond ((stringp c) c) ((plist-get c :value)) (t (json-encode c))))))
      ;; CodeLens: not in eglot 1.9, so the request is sent raw.
      (let ((lenses (jsonrpc-request server :textDocument/codeLens `(:textDocument ,(eglot--TextDocumentIdentifier)))))
        (kl-put 'codeLens
                (vconcat (cl-loop for l across lenses
                                  collect `((line . ,(plist-get (plist-get (plist-get l :range) :start) :line))
                                            (title . ,(plist-get (plist-get l :command) :title)))))))
      ;; The code action: eglot-code-actions over the diagnostic's region (its context is the Flymake
      ;; diagnostics there), then the chosen one applied as eglot--read-execute-code-action does.
      (let ((a (alist-get 'codeAction exp)))
        (when a
          (let* ((pos (kl-lsp-position (alist-get 'line a) (alist-get 'character a)))
                 (diag (cl-find-if (lambda (d) (<= (flymake-diagnostic-beg d) pos (flymake-diagnostic-end d)))
                                   (flymake-diagnostics pos)))
                 (beg (if diag (flymake-diagnostic-beg diag) pos))
                 (end (if diag (flymake-diagnostic-end diag) pos))
                 (actions (eglot-code-actions beg end))
                 (chosen (cl-find-if (lambda (x) (equal (plist-get x :title) (alist-get 'title a))) actions)))
            (kl-put 'codeActionContext (length (flymake-diagnostics beg end)))
            (kl-put 'codeActionTitles (vconcat (mapcar (lambda (x) (plist-get x :title)) actions)))
            (when (and chosen (plist-get chosen :edit))
              (eglot--apply-workspace-edit (plist-get chosen :edit))
              (kl-put 'appliedText (buffer-substring-no-properties (point-min) (point-max))))))))))

(condition-case err
    (catch 'done (kl-run))
  (error (kl-fail "check.el: %S" err)))
(kl-finish)
