namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>
/// Bounds a step of an end-to-end test in real time: a step that waits on something that never comes (a fake clock nobody
/// advances, a shutdown that waits for a connection) fails with its name instead of holding the whole run.
/// </summary>
internal static class RealTime
{
    public static async Task WithinAsync(Task step, TimeSpan limit, string what)
    {
        try
        {
            await step.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{what} did not finish within {limit.TotalSeconds:0} s of real time.");
        }
    }

    /// <summary>Advances a fake clock off the test's thread: its timers' callbacks run inside Advance, and one that blocks must not block the test.</summary>
    public static Task AdvanceAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, TimeSpan delta) =>
        WithinAsync(Task.Run(() => time.Advance(delta)), TimeSpan.FromSeconds(30), $"Advancing the fake clock by {delta}");

    /// <summary>Stops a host (gracefully for at most <paramref name="graceful"/>) and disposes it, each bounded.</summary>
    public static async Task StopAndDisposeAsync(Microsoft.AspNetCore.Builder.WebApplication app, string name, TimeSpan? graceful = null)
    {
        try
        {
            using var limit = new CancellationTokenSource(graceful ?? TimeSpan.FromSeconds(5));
            await WithinAsync(app.StopAsync(limit.Token), TimeSpan.FromSeconds(60), $"Stopping {name}");
        }
        finally
        {
            await WithinAsync(app.DisposeAsync().AsTask(), TimeSpan.FromSeconds(60), $"Disposing {name}");
        }
    }
}
