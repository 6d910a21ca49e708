# Runs in init_t (label etc_t: init_t reads it).  The next step is the
# container engine: init_t -> container_engine_t on container_engine_exec_t.
exec /kt/engine/sh /kt/vm-engine.sh
