using System.Collections;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Glyphh.Licensing;

/// <summary>
/// The limits a license grants: product-defined names (for example <c>projects</c>) mapped to non-negative
/// numbers. A name the license does not carry is not limited by it. On the wire a JSON object; a
/// <see langword="null"/> value (written by older issuers for "unlimited") reads as an absent name.
/// </summary>
[JsonConverter(typeof(LicenseLimitsJsonConverter))]
public sealed class LicenseLimits : IReadOnlyDictionary<string, long>
{
    private readonly FrozenDictionary<string, long> _values;

    /// <summary>Creates limits from names and numbers (see <see cref="LicenseEntitlements.CheckLimits"/> for the rules an issuer applies).</summary>
    /// <param name="values">The names and their numbers; a repeated name keeps its last number.</param>
    public LicenseLimits(IEnumerable<KeyValuePair<string, long>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(values));
            map[name] = value;
        }

        _values = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>No limits at all.</summary>
    public static LicenseLimits Unlimited { get; } = new([]);

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<long> Values => _values.Values;

    /// <inheritdoc />
    public long this[string key] => _values[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out long value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, long>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, long>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The limits as <c>name=N</c> pairs in name order, or <c>none</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => LicenseEntitlements.Describe(this, "none");
}

/// <summary>Reads and writes <see cref="LicenseLimits"/> as a JSON object of names to integers.</summary>
internal sealed class LicenseLimitsJsonConverter : JsonConverter<LicenseLimits>
{
    public override LicenseLimits Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("limits must be an object of names to numbers.");
        }

        var values = new List<KeyValuePair<string, long>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value))
            {
                throw new JsonException($"limits: the value of '{LicenseEntitlements.Shorten(name)}' is not an integer.");
            }

            if (values.Exists(p => p.Key == name))
            {
                throw new JsonException($"limits: '{LicenseEntitlements.Shorten(name)}' appears twice.");
            }

            values.Add(new(name, value));
        }

        return new LicenseLimits(values);
    }

    public override void Write(Utf8JsonWriter writer, LicenseLimits value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, number) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(name, number);
        }

        writer.WriteEndObject();
    }
}
