namespace Glyphh.Runtime.Storage;

/// <summary>The database was migrated by a newer runtime; starting would risk corrupting it.</summary>
internal sealed class SchemaTooNewException(string message) : Exception(message);
