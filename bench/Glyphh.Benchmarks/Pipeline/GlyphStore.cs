using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Glyphh.Benchmarks.Pipeline;

/// <summary>
/// The glyph endpoints' storage for the pipeline benchmark: in memory, so the numbers are the pipeline's and not a
/// database's. Both hosts use it the same way; parsing mirrors the runtime (a JSON document, the vector, the raw payload).
/// </summary>
internal sealed class GlyphStore
{
    private readonly ConcurrentDictionary<(string Model, string Id), Glyph> _glyphs = new();

    public Glyph? Get(string model, string id) => _glyphs.TryGetValue((model, id), out var glyph) ? glyph : null;

    /// <summary>Stores the glyph; true when it is new.</summary>
    public bool Put(string model, Glyph glyph)
    {
        var created = true;
        _glyphs.AddOrUpdate((model, glyph.Id), glyph, (_, _) =>
        {
            created = false;
            return glyph;
        });
        return created;
    }

    public static async Task<Glyph> ReadAsync(string id, HttpRequest request)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }).ConfigureAwait(false);
        var root = document.RootElement;
        float[]? vector = null;
        if (root.TryGetProperty("vector", out var v) && v.ValueKind == JsonValueKind.Array)
        {
            vector = new float[v.GetArrayLength()];
            var i = 0;
            foreach (var item in v.EnumerateArray())
            {
                vector[i++] = item.GetSingle();
            }
        }

        JsonElement? payload = null;
        var payloadBytes = 0;
        if (root.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            payload = p.Clone();
            payloadBytes = Encoding.UTF8.GetByteCount(p.GetRawText());
        }

        return new Glyph(id, vector, payload, DateTimeOffset.UtcNow, payloadBytes, payloadBytes + (vector?.Length ?? 0) * sizeof(float));
    }
}
