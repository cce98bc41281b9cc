using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Glyphh.Runtime.Configuration;
using Microsoft.Net.Http.Headers;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Reads a JSON request body with the runtime's limits: <c>application/json</c> (UTF-8) or a <c>+json</c> media type
/// only (415 otherwise, also when no content type is sent), at most <see cref="RuntimeSettings.MaxRequestBodyBytes"/>
/// (413 otherwise, whether or not Content-Length was sent) and at most <see cref="RuntimeSettings.MaxJsonDepth"/>
/// levels of nesting (400).
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// Reads the body into <typeparamref name="T"/> through its source-generated metadata (unknown members refused),
    /// or answers why not: the media type, the size, the syntax and depth, then the first member of the wrong type.
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(
        HttpRequest request, RuntimeSettings settings, JsonTypeInfo<T> typeInfo, string example, CancellationToken cancellationToken)
        where T : class
    {
        var (bytes, error) = await ReadBytesAsync(request, settings, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }
        try
        {
            // The text is known to be well formed within the depth limit; the reader only must not stop short of it.
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = settings.MaxJsonDepth + 1 });
            return JsonSerializer.Deserialize(ref reader, typeInfo) is { } value
                ? (value, null)
                : (null, NotAnObject(example));
        }
        catch (JsonException ex)
        {
            return (null, Refused(ex.Path, typeInfo, example));
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to transcode an escaped lone surrogate in a string the type holds.
            return (null, Problems.Validation("The body holds a string that is not valid Unicode (a lone surrogate).", ("body", "invalid Unicode")));
        }
    }

    /// <summary>
    /// The answer to a value the type cannot hold, from the exception's path (never its message): the root of the
    /// wrong kind, a member the type does not have, or the member (or array item) of the wrong type.
    /// </summary>
    private static IResult Refused<T>(string? path, JsonTypeInfo<T> typeInfo, string example)
    {
        var (member, tail) = SplitPath(path);
        if (member is null)
        {
            return NotAnObject(example);
        }
        var property = typeInfo.Properties.FirstOrDefault(p => p.Name == member);
        var shown = member.Length > 64 ? member[..64] : member;
        if (property is null)
        {
            return Problems.Validation($"Unknown field '{shown}'.", (shown, "unknown field"));
        }
        var field = member + tail;
        var expected = Expected(property.PropertyType, item: tail.Length > 0);
        return Problems.Validation($"'{field}' must be {expected}.", (field, expected));
    }

    // "$.k" -> ("k", ""), "$.vector[3]" -> ("vector", "[3]"), "$['odd name']" -> ("odd name", ""), "$" -> (null, "").
    private static (string? Member, string Tail) SplitPath(string? path)
    {
        if (path is null || path.Length < 2 || path[0] != '$')
        {
            return (null, "");
        }
        if (path[1] == '.')
        {
            var end = path.IndexOfAny(['.', '['], 2);
            return end < 0 ? (path[2..], "") : (path[2..end], path[end..]);
        }
        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end < 0 ? (null, "") : (path[3..end], path[(end + 2)..]);
        }
        return (null, "");
    }

    private static string Expected(Type type, bool item) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(float[]) => item ? "a finite 32-bit number" : "an array of numbers",
        var t => $"JSON of the type {t.Name}",
    };

    private static IResult NotAnObject(string example) =>
        Problems.Validation($"The body must be a JSON object like {example}.", ("body", "must be an object"));

    private static async Task<(byte[] Bytes, IResult? Error)> ReadBytesAsync(HttpRequest request, RuntimeSettings settings, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return ([], Problems.UnsupportedMediaType(request.ContentType));
        }
        var limit = settings.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return ([], Problems.TooLarge(limit));
        }
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return ([], Problems.TooLarge(limit));
                }
                buffer.Write(chunk, 0, read);
            }
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], Problems.TooLarge(limit));
        }
        if (bytes.Length == 0)
        {
            return ([], Problems.Validation("The request needs a JSON body.", ("body", "required")));
        }
        // Syntax and depth first, so truncated or too deep text is reported as such, not as a type mismatch.
        return (bytes, Check(bytes, settings.MaxJsonDepth));
    }

    /// <summary>
    /// Whether a Content-Type names JSON: <c>application/json</c> or a structured <c>+json</c> subtype (RFC 6839),
    /// with no charset or UTF-8 (RFC 8259 JSON is UTF-8; another declared charset would be misread).
    /// </summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        var json = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && media.SubTypeWithoutSuffix.Length > 0 && media.Type.Length > 0);
        if (!json)
        {
            return false;
        }
        var charset = media.Charset;
        return !charset.HasValue
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the whole text once, so the answer names what is wrong with it: the nesting limit when the text goes
    /// deeper before any syntax error, otherwise the syntax error with its position (truncated text included).
    /// </summary>
    private static IResult? Check(byte[] bytes, int maxDepth)
    {
        // The reader's own depth limit would stop with the same exception type as a syntax error; count depth here.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    return TooDeep(maxDepth);
                }
            }
            return null;
        }
        catch (JsonException ex)
        {
            // The scan stops at 4096 levels; anything that deep has long passed the runtime's limit (at most 256).
            if (reader.CurrentDepth >= maxDepth)
            {
                return TooDeep(maxDepth);
            }
            var where = $"line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            return IsPrefixOfJson(bytes)
                ? Problems.Validation($"The JSON ends before it is complete (at {where}).", ("body", $"truncated JSON at {where}"))
                : Problems.Validation($"The body is not valid JSON (at {where}).", ("body", $"invalid JSON at {where}"));
        }
    }

    // Read as a block that more data could follow: no error means the text is fine so far and merely stops early.
    private static bool IsPrefixOfJson(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = 4096 }));
        try
        {
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IResult TooDeep(int maxDepth) =>
        Problems.Validation($"The JSON nests deeper than {maxDepth} levels.", ("body", $"max depth {maxDepth}"));
}
