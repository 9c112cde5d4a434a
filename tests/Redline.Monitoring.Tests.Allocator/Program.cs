using System.Diagnostics;
using System.Globalization;

// Allocates short-lived 8 KB arrays at a steady rate, so that gen 0 collections and GC pauses come
// at a known pace. Arguments: seconds to run (default 30), megabytes (10^6 bytes) per second (default 50).
// Prints "ready" once it allocates. Exits after its time, or as soon as its standard input closes,
// which happens when the test that started it dies: no orphan outlives a test run.
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var bytesPerSecond = (args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 50) * 1_000_000;

var watcher = new Thread(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }

    Environment.Exit(0);
})
{ IsBackground = true };
watcher.Start();

const int ArrayBytes = 8192;
const int TickMs = 10;
var perTick = (int)Math.Max(1, bytesPerSecond * TickMs / 1000 / ArrayBytes);
var recent = new byte[64][];
var next = 0;
var clock = Stopwatch.StartNew();
var due = 0L;

Console.WriteLine("ready");
Console.Out.Flush();
while (clock.Elapsed.TotalSeconds < seconds)
{
    for (var i = 0; i < perTick; i++)
    {
        var array = new byte[ArrayBytes];
        array[i % ArrayBytes] = 1;
        recent[next] = array;
        next = (next + 1) % recent.Length;
    }

    due += TickMs;
    var wait = due - clock.ElapsedMilliseconds;
    if (wait > 0)
    {
        Thread.Sleep((int)wait);
    }
}
