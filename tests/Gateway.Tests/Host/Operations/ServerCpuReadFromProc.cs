using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Host.Operations;
using Xunit;

namespace Gateway.Tests.Host.Operations;

/// <summary>
/// How the benchmark finds a local server by its port and charges it the CPU of its children (PostgreSQL's backends): the owner of a
/// listening socket is found, a busy child's time shows in its parent's tree while it runs and after it ended.
/// </summary>
public sealed class ServerCpuReadFromProc
{
    [Fact]
    public void Should_find_the_process_listening_on_a_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.Equal(Environment.ProcessId, ProcessMeter.ListeningProcessId(port));
        listener.Stop();
        Assert.Null(ProcessMeter.ListeningProcessId(port));
    }

    [Fact]
    public void Should_count_a_busy_child_in_its_parents_tree_while_it_runs_and_after_it_ended()
    {
        // A shell that starts a busy child, then waits for it: the child's CPU is the shell's tree's, the shell's own stays small.
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "timeout 1.5 sh -c 'while :; do :; done'; sleep 2"])
            { RedirectStandardOutput = true })!;
        try
        {
            Thread.Sleep(1000);
            var during = ProcessMeter.TreeCpuSeconds(shell.Id);
            Thread.Sleep(1500); // the busy child has ended and been reaped by its parent
            var after = ProcessMeter.TreeCpuSeconds(shell.Id);

            Assert.NotNull(during);
            Assert.NotNull(after);
            Assert.True(ProcessMeter.CpuSeconds(shell.Id) < 0.2, "the shell itself does nothing");
            Assert.True(after >= 1.0, $"the busy child's 1.5 s of CPU counts in the tree after it ended (read {after:F2} s)");
            Assert.True(after >= during, $"a tree's CPU only grows ({during:F2} then {after:F2} s)");
        }
        finally
        {
            if (!shell.HasExited) shell.Kill(true);
        }
        shell.WaitForExit();
        Assert.Null(ProcessMeter.TreeCpuSeconds(shell.Id));
    }
}
