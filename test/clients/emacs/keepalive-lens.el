;; Emacs 28 with eglot 1.9 (Debian elpa-eglot; eglot is built into Emacs 29).
;; eglot sends the major mode's name without "-mode" as the languageId, and gives a server one
;; languageId: so one mode per language id of the server, and one eglot-server-programs entry each.
(define-derived-mode ssh_config-mode conf-space-mode "ssh_config")
(define-derived-mode sshd_config-mode conf-space-mode "sshd_config")
(define-derived-mode sysctl-mode conf-unix-mode "sysctl")
(define-derived-mode mycnf-mode conf-unix-mode "my.cnf")
(dolist (entry '(("\\(?:/\\.ssh/config\\|/\\.ssh/config\\.d/[^/]+\\|/ssh_config\\.d/[^/]+\\.conf\\|[/.]ssh_config\\)\\'" . ssh_config-mode)
                 ("\\(?:/sshd_config\\.d/[^/]+\\.conf\\|[/.]sshd_config\\)\\'" . sshd_config-mode)
                 ("\\(?:/sysctl\\.d/[^/]+\\.conf\\|[/.]sysctl\\.conf\\)\\'" . sysctl-mode)
                 ("\\(?:/\\(?:my\\.cnf\\|mariadb\\.conf\\|conf\\)\\.d/[^/]+\\.cnf\\|/mysql/.+\\.cnf\\|[/.]my\\.cnf\\)\\'" . mycnf-mode)))
  (add-to-list 'auto-mode-alist entry))
(with-eval-after-load 'eglot
  (dolist (mode '(ssh_config-mode sshd_config-mode sysctl-mode mycnf-mode))
    (add-to-list 'eglot-server-programs `(,mode "keepalive-language-server" "--stdio"))))
(dolist (hook '(ssh_config-mode-hook sshd_config-mode-hook sysctl-mode-hook mycnf-mode-hook))
  (add-hook hook #'eglot-ensure))
