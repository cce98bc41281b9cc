namespace Glyphh.Runtime.Storage;

/// <summary>Reads for the in-memory search index: the model's change version, the changes since a version, and vectors.</summary>
internal sealed partial class GlyphStore
{
    /// <summary>The version of a model's glyphs (0 before the first write); it grows with every glyph written or deleted.</summary>
    public async Task<long> ReadGlyphsVersionAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT version FROM glyphh_model_versions WHERE model = @m", ("@m", model));
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>The ids changed after <paramref name="afterVersion"/>, oldest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<(long Version, string Id)>> ReadGlyphChangesAsync(string model, long afterVersion, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT version, id FROM glyphh_glyph_changes WHERE model = @m AND version > @v ORDER BY version LIMIT @n",
            ("@m", model), ("@v", afterVersion), ("@n", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        return changes;
    }

    /// <summary>One glyph's vector as stored now: null when the glyph is gone or has no vector.</summary>
    public async Task<float[]?> ReadVectorAsync(string model, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT vector FROM glyphh_glyphs WHERE model = @m AND id = @id", ("@m", model), ("@id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] bytes ? FromBytes(bytes) : null;
    }

    /// <summary>Streams every vector of a model, any dimension.</summary>
    public async IAsyncEnumerable<(string Id, float[] Vector)> ReadAllVectorsAsync(
        string model, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT id, vector FROM glyphh_glyphs WHERE model = @m AND vector IS NOT NULL", ("@m", model));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), FromBytes((byte[])reader.GetValue(1)));
        }
    }

    /// <summary>Drops change-log rows every reader has had the chance to replay (a reader further behind reloads).</summary>
    public async Task PruneGlyphChangesAsync(string model, long throughVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "DELETE FROM glyphh_glyph_changes WHERE model = @m AND version <= @v", ("@m", model), ("@v", throughVersion));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
