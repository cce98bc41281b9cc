// Container health probe: GET a health endpoint of the local process and exit 0 on a 2xx answer.
//   dotnet Glyphh.HealthProbe.dll [path-or-url]     default: http://127.0.0.1:$PORT/health (PORT defaults to 8000)
// Exit codes: 0 healthy, 1 unhealthy or unreachable, 2 bad argument. One line on stderr when not healthy.
using System.Globalization;

if (args.Length > 1)
{
    Console.Error.WriteLine("usage: Glyphh.HealthProbe [path-or-url]");
    return 2;
}

var target = args.Length > 0 ? args[0] : "/health";
if (!ProbeTarget.TryResolve(target, Environment.GetEnvironmentVariable("PORT"), out var uri, out var error))
{
    Console.Error.WriteLine(error);
    return 2;
}

var timeoutSeconds = double.TryParse(Environment.GetEnvironmentVariable("PROBE_TIMEOUT_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0 ? t : 3;
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
try
{
    using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
    if (response.IsSuccessStatusCode)
    {
        return 0;
    }

    Console.Error.WriteLine($"unhealthy: GET {uri} answered {(int)response.StatusCode}");
    return 1;
}
catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
{
    Console.Error.WriteLine($"unhealthy: GET {uri} failed: {ex.Message}");
    return 1;
}
