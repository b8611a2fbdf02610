import Foundation

/// Decodes a flat record from the field object `RecordBuilder` fills (field key → String, Int64, Double, Bool or
/// NSNull, and the base record's own values as JSONSerialization gave them) without writing it out as JSON and
/// reading it back: an import builds every row this way, and the round trip through JSON was most of its cost
/// (issue 21 item 4). A record is flat; a nested value is refused, as a missing non-optional one is.
struct FieldObjectDecoder: Decoder {
    let object: [String: Any]
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ object: [String: Any]) { self.object = object }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(object: object))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "记录应为平铺的字段"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "记录应为平铺的字段"))
    }

    /// One field's value: what a RawRepresentable enum or a nested Decodable reads through its single-value container.
    struct Value: Decoder, SingleValueDecodingContainer {
        let value: Any
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard let object = value as? [String: Any] else { throw mismatch([String: Any].self) }
            return KeyedDecodingContainer(Keyed<Key>(object: object, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw mismatch([Any].self) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func mismatch(_ type: Any.Type) -> DecodingError {
            .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "字段值类型不符：\(Swift.type(of: value))"))
        }

        func decodeNil() -> Bool { value is NSNull }

        func decode(_ type: Bool.Type) throws -> Bool {
            if let b = value as? Bool { return b }
            if let n = value as? NSNumber { return n.boolValue }
            throw mismatch(type)
        }

        func decode(_ type: String.Type) throws -> String {
            if let s = value as? String { return s }
            throw mismatch(type)
        }

        func decode(_ type: Double.Type) throws -> Double {
            if let d = value as? Double { return d }
            if let n = value as? Int64 { return Double(n) }
            if let n = value as? NSNumber { return n.doubleValue }
            throw mismatch(type)
        }

        func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

        func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            if let n = value as? Int64, let t = T(exactly: n) { return t }
            if let n = value as? Int, let t = T(exactly: n) { return t }
            if let d = value as? Double, let t = T(exactly: d) { return t }
            if let n = value as? NSNumber, let t = T(exactly: n.int64Value), Double(n.int64Value) == n.doubleValue { return t }
            throw mismatch(type)
        }

        func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let object: [String: Any]
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { object.keys.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

        func value(_ key: Key) throws -> Value {
            guard let value = object[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "缺少字段\(key.stringValue)"))
            }
            return Value(value: value, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool { object[key.stringValue].map { $0 is NSNull } ?? true }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decode(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).decode(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decode(type) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(key).decode(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).decode(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).decode(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).decode(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).decode(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).decode(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).decode(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).decode(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).decode(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).decode(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).decode(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: value(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try value(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try value(key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { FieldObjectDecoder(object) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try value(key) }
    }
}
