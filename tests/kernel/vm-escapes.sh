# Sourced by vm-container.sh in container_t when the kernel test staged it
# (escapes.sh): the container-side check of the corpus's real escapes.
# /etc/shadow carries the label the host's restorecon gave it from the
# store's file_contexts: shadow_t, unless a module rewrote that entry.
outcome escape.shadow-write sh -c 'echo x >> /etc/shadow'
