using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glyphh.Benchmarks.Pipeline;

/// <summary>A stored glyph, answered as JSON like the runtime's (id, vector, payload, updated_at).</summary>
internal sealed record Glyph(
    string Id,
    float[]? Vector,
    JsonElement? Payload,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore] long PayloadBytes,
    [property: JsonIgnore] long MemoryBytes);
