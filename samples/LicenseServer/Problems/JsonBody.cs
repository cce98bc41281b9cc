using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Glyphh.LicenseServer.Problems;

/// <summary>
/// Reads a JSON request body with a hard size cap before parsing, so a huge or malformed body is a clean
/// problem+json (413, 415 or 400 malformed-json), never an exception from deep inside the framework.
/// </summary>
internal static class JsonBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    public static async Task<(byte[]? Body, IResult? Problem)> ReadBytesAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem.Of(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type",
                "The body must be JSON (Content-Type: application/json)."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        if (buffer.Length == 0)
        {
            return (null, Malformed("The body is empty."));
        }
        return (buffer.ToArray(), null);
    }

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, int maxBytes = DefaultMaxBytes)
        where T : class
    {
        var (body, problem) = await ReadBytesAsync(context, maxBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }
        try
        {
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null ? (null, Malformed("The body is JSON null; an object is expected.")) : (value, null);
        }
        catch (JsonException e)
        {
            // JsonException's message names the path and position, never echoing the body itself.
            return (null, Malformed(e.Message));
        }
    }

    public static IResult Malformed(string detail) =>
        Problem.Of(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "Malformed JSON", detail);

    private static IResult TooLarge(int maxBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Payload too large",
            $"The body is larger than the {maxBytes} bytes this endpoint accepts.");
}
