namespace Glyphh.LicenseServer.Storage;

/// <summary>Which database engine holds the licenses.</summary>
internal enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
