using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Glyphh.TestSupport;

/// <summary>Concurrent writers that PUT fresh glyphs and remember every id the runtime acknowledged with a 2xx.</summary>
public sealed class WriteLoad
{
    private readonly ConcurrentBag<string> _acknowledged = [];
    private readonly ConcurrentBag<Failure> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers = [];
    private int _next;

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public IReadOnlyCollection<Failure> Failures => _failures;

    /// <summary>Writes stop after this many attempts (local mode caps a model at 1,000 glyphs).</summary>
    public int MaxWrites { get; init; } = 900;

    /// <summary>Pause between a writer's requests, to keep the rate bounded on a loaded machine.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.FromMilliseconds(25);

    public void Start(HttpClient client, string model, int writers = 3)
    {
        for (var w = 0; w < writers; w++)
        {
            _writers.Add(Task.Run(() => WriteAsync(client, model)));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    private async Task WriteAsync(HttpClient client, string model)
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            if (n > MaxWrites)
            {
                return;
            }
            var id = "w-" + n;
            var watch = Stopwatch.StartNew();
            try
            {
                using var body = new StringContent("{\"vector\":[0.25,0.5,1],\"payload\":{\"id\":\"" + id + "\"}}", Encoding.UTF8, "application/json");
                using var response = await client.PutAsync($"/models/{model}/glyphs/{id}", body);
                if (response.IsSuccessStatusCode)
                {
                    _acknowledged.Add(id);
                    await Task.Delay(Pace);
                }
                else
                {
                    _failures.Add(new Failure(id, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), watch.Elapsed));
                    await Task.Delay(20);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer (connection reset, process gone, client timeout): not acknowledged.
                _failures.Add(new Failure(id, 0, null, ex.GetType().Name + ": " + ex.Message, watch.Elapsed));
                await Task.Delay(20);
            }
        }
    }

    public sealed record Failure(string Id, int Status, string? ContentType, string Body, TimeSpan Elapsed);
}
