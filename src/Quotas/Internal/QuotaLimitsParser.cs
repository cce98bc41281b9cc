using System.Globalization;
using System.Text.Json;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Parses the PUT body <c>{"glyphs":100,"storage_bytes":null,"memory_bytes":"unlimited"}</c>, collecting every
/// error by field instead of stopping at the first.
/// </summary>
internal static class QuotaLimitsParser
{
    private const int MaxErrors = 20;

    public static ParsedLimits Parse(ReadOnlySpan<byte> body, IReadOnlyList<string> resources)
    {
        var changes = new Dictionary<string, QuotaLimit?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors["$"] = ["The body must be a JSON object of resource limits, for example {\"glyphs\":100}."];
                return new ParsedLimits(changes, errors);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var field = QuotaValidation.Printable(name);
                reader.Read();
                var valueToken = reader.TokenType;
                QuotaLimit? limit = null;
                string? error = null;
                switch (valueToken)
                {
                    case JsonTokenType.Null:
                        break;
                    case JsonTokenType.Number when reader.TryGetInt64(out var number) && number is >= 0 and <= QuotaLimit.MaxValue:
                        limit = QuotaLimit.Of(number);
                        break;
                    case JsonTokenType.Number:
                        error = string.Create(CultureInfo.InvariantCulture, $"A limit must be a whole number between 0 and {QuotaLimit.MaxValue}.");
                        break;
                    case JsonTokenType.String when reader.ValueTextEquals("unlimited"u8):
                        limit = QuotaLimit.Unlimited;
                        break;
                    default:
                        error = "A limit must be a whole number, \"unlimited\", or null to go back to the default.";
                        reader.Skip();
                        break;
                }
                if (!resources.Contains(name, StringComparer.Ordinal))
                {
                    error = $"Unknown resource; known resources: {string.Join(", ", resources)}.";
                }
                else if (changes.ContainsKey(name) || errors.ContainsKey(field))
                {
                    error = "The resource appears more than once.";
                }
                if (error is not null)
                {
                    if (errors.Count < MaxErrors)
                    {
                        errors[field] = [error];
                    }
                    continue;
                }
                changes[name] = limit;
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                errors["$"] = ["The body must be a single JSON object."];
            }
        }
        catch (JsonException)
        {
            errors["$"] = ["The body is not valid JSON."];
        }
        return new ParsedLimits(changes, errors);
    }

    internal sealed record ParsedLimits(IReadOnlyDictionary<string, QuotaLimit?> Changes, Dictionary<string, string[]> Errors);
}
