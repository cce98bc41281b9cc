namespace Glyphh.LicenseServer.Storage;

/// <summary>One numbered schema step. Applied once, in order, never edited after release.</summary>
internal sealed record Migration(int Version, string Name, string Sqlite, string PostgreSql)
{
    public string For(DatabaseKind kind) => kind == DatabaseKind.Sqlite ? Sqlite : PostgreSql;
}
