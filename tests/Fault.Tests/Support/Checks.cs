using System.Diagnostics;
using System.Text.Json;

namespace Glyphh.Fault.Tests.Support;

/// <summary>What every fault test verifies afterwards: acknowledged writes present, usage equal to the data.</summary>
internal static class Checks
{
    public static async Task AssertAcknowledgedPresentAsync(HttpClient client, string model, IEnumerable<string> acknowledged)
    {
        var stored = await ListIdsAsync(client, model);
        var missing = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged writes are missing, e.g. {string.Join(", ", missing.Take(5))}");
    }

    /// <summary>
    /// Usage must come to equal the data: releases the quota store could not take during an outage are applied
    /// in the background once it answers again, so this polls for a bounded time before it fails.
    /// </summary>
    public static async Task AssertUsageMatchesDataAsync(HttpClient client, string model)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var stored = (await ListIdsAsync(client, model)).Count;
            var quotas = JsonDocument.Parse(await client.GetStringAsync($"/namespaces/{model}/quotas")).RootElement;
            var used = quotas.GetProperty("usage").GetProperty("glyphs").GetInt64();
            if (used == stored || watch.Elapsed > TimeSpan.FromSeconds(15))
            {
                Assert.Equal(stored, used);
                return;
            }
            await Task.Delay(250);
        }
    }

    public static async Task<HashSet<string>> ListIdsAsync(HttpClient client, string model)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/models/{model}/glyphs?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                ids.Add(item.GetProperty("id").GetString()!);
            }
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.String ? page.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>Polls readiness until it answers <paramref name="status"/>; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitForReadinessAsync(HttpClient client, int status, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        var last = 0;
        while (watch.Elapsed < within)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                last = (int)response.StatusCode;
                if (last == status)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                last = -1;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"/health/ready did not answer {status} within {within.TotalSeconds:0} s (last {last})");
        return watch.Elapsed;
    }
}
