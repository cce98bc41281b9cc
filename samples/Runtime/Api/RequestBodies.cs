using System.Text.Json;

namespace Glyphh.Runtime.Api;

/// <summary><c>POST /models</c>: the name of the model to create.</summary>
internal sealed record CreateModelRequest(string Name);

/// <summary><c>PUT /models/{model}/glyphs/{id}</c>: an optional vector and any JSON payload.</summary>
internal sealed record PutGlyphRequest(float[]? Vector, JsonElement? Payload);

/// <summary><c>POST /models/{model}/search</c>: the query vector, how many hits (default 10) and the metric (<c>cosine</c> or <c>dot</c>).</summary>
internal sealed record SearchRequest(float[] Vector, int? K, string? Metric);
