using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Checks;

/// <summary>The data directory exists and takes a write that reaches the disk.</summary>
internal sealed class DataDirectoryHealthCheck(IOptionsMonitor<DataDirectoryCheckOptions> options) : IHealthCheck
{
    private static readonly byte[] ProbeContent = "glyphh health probe\n"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = options.Get(context.Registration.Name).Path;
        if (!Directory.Exists(directory))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"directory {directory} does not exist");
        }

        var probe = Path.Combine(directory, ".glyphh-health-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(ProbeContent, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Delete(probe);
            return HealthCheckResult.Healthy($"{directory} is writable");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return new HealthCheckResult(context.Registration.FailureStatus, $"{directory} is not writable: {exception.Message}", exception);
        }
    }

    private static void TryDelete(string probe)
    {
        try
        {
            File.Delete(probe);
        }
        catch (IOException)
        {
            // Nothing more to do: the directory already failed the check.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
