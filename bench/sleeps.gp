# How cost grows with the number of sleeps at once (bench/summarize.py writes sleeps.csv: n, then
# "<target> p99 s" and "<target> peak MiB" for each target). gnuplot -e "in='sleeps.csv'; out='sleeps.png'" bench/sleeps.gp
set terminal pngcairo size 1000,420 font "sans,10"
set output out
set datafile separator ","
set key autotitle columnhead left top noenhanced
set grid
set multiplot layout 1,2 title "Bursts of N /sleep at once (5 s each), warm, one CPU"
set xlabel "sleeps at once"
set ylabel "p99 (s)"
cols = system("head -1 '".in."' | awk -F, '{ print NF }'")
plot for [i=2:cols:2] in using 1:i with linespoints lw 2 pt 7
set ylabel "peak RSS (MiB)"
plot for [i=3:cols:2] in using 1:i with linespoints lw 2 pt 7
unset multiplot
