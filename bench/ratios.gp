# hello-async / nginx per measure (bench/summarize.py writes ratios.csv). Below 1 is better for CPU,
# latency and memory; above 1 is better for req/s.  gnuplot -e "in='ratios.csv'; out='ratios.png'" bench/ratios.gp
set terminal pngcairo size 1000,480 font "sans,10"
set output out
set datafile separator ","
set title "hello-async ÷ peer in the same run (GET /: nginx; /sleep: the named peer). 1.0 = parity"
set style fill solid 0.8 border -1
set boxwidth 0.6
set yrange [0:*]
set grid ytics
set xtics rotate by -25 noenhanced
set key off
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb "#444444"
plot in using 0:2:xtic(1) with boxes lc rgb "#3b7dd8", \
     in using 0:2:(sprintf("%.2f", $2)) with labels offset 0,0.8
