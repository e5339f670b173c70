using Spectre.Console;

namespace Gateway.Host.Operations;

/// <summary>
/// Progress of a long-running command: Spectre progress bars on a terminal; on a log (CI, a pipe) one line every two seconds
/// naming every bar's count, so a reader of the log sees it move too.
/// </summary>
public sealed class ProgressDisplay
{
    sealed class Bar(string name, double max)
    {
        public string Name = name;
        public double Max = max;
        public double Value;
    }

    readonly List<Bar> _bars = [];

    ProgressDisplay()
    {
    }

    /// <summary>Sets a bar's value (and, when given, its new maximum or name).</summary>
    public void Set(int bar, double value, double? max = null, string? name = null)
    {
        lock (_bars)
        {
            _bars[bar].Value = value;
            if (max is { } m) _bars[bar].Max = m;
            if (name is not null) _bars[bar].Name = name;
        }
    }

    public static async Task<T> RunAsync<T>(IReadOnlyList<(string Name, double Max)> bars, Func<ProgressDisplay, Task<T>> work)
    {
        var display = new ProgressDisplay();
        display._bars.AddRange(bars.Select(b => new Bar(b.Name, b.Max)));
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = display._bars.Select(b => context.AddTask(Markup.Escape(b.Name), maxValue: Math.Max(1, b.Max))).ToList();
                    var running = work(display);
                    while (!running.IsCompleted)
                    {
                        display.Render(tasks);
                        await Task.WhenAny(running, Task.Delay(250));
                    }
                    display.Render(tasks);
                    result = await running;
                });
            return result;
        }

        var job = work(display);
        var started = DateTime.UtcNow;
        while (!job.IsCompleted)
        {
            await Task.WhenAny(job, Task.Delay(2000));
            Console.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,5:F0} s] {display.Line()}");
        }
        return await job;
    }

    void Render(List<ProgressTask> tasks)
    {
        lock (_bars)
            for (var i = 0; i < tasks.Count; i++)
            {
                tasks[i].MaxValue = Math.Max(1, _bars[i].Max);
                tasks[i].Value = Math.Min(_bars[i].Value, tasks[i].MaxValue);
                tasks[i].Description = Markup.Escape($"{_bars[i].Name} {_bars[i].Value:0}/{_bars[i].Max:0}");
            }
    }

    string Line()
    {
        lock (_bars) return string.Join(" · ", _bars.Select(b => $"{b.Name} {b.Value:0}/{b.Max:0}"));
    }
}
