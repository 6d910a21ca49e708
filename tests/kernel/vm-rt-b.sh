# The second container a runtime starts, from the other bundle
# sepm-install prepared at s0:c3,c4 (/kt/bundles/b; its own copy of the
# image, labelled at that level).  It reads what the first wrote in the
# volume both mount.  The negative control starts it from the first
# bundle instead: both at one level, and the read must work.
show container.current cat /proc/self/attr/current
outcome mcs.b-reads-a cat /shared/$KT_RT
# Its own file at its own level it reads: the denial above is the level.
outcome mcs.b-reads-own sh -c "echo from-b > /shared/$KT_RT-b && cat /shared/$KT_RT-b"
echo "KT ${KT_P}end"
