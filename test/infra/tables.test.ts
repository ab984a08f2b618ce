import { tableDefinitionsByKey } from '#infra/stack/table-access';
import {
  deployedTableName,
  deployedTableNames,
  type KeyAttribute,
  type TableDefinition,
  tableDefinitions,
} from '#shared/tables';
import { resources, type Synthesized, synthesize } from '#test/infra/support/synth';

let dev: Synthesized;
beforeAll(() => {
  dev = synthesize();
});
afterAll(() => dev?.cleanUp());

interface CfnTable {
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties: {
    TableName: string;
    BillingMode: string;
    KeySchema: { AttributeName: string; KeyType: string }[];
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    GlobalSecondaryIndexes?: {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: string }[];
      Projection: { ProjectionType: string };
    }[];
    PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean };
    DeletionProtectionEnabled?: boolean;
  };
}

function tableNamed(name: string): CfnTable {
  const found = Object.values(resources(dev.template, 'AWS::DynamoDB::Table')).filter(
    (table) => table.Properties?.TableName === name,
  );
  expect(found).toHaveLength(1);
  return found[0] as unknown as CfnTable;
}

/** The attribute definitions a table needs: every key attribute of the table and its indexes. */
function keyAttributes(definition: TableDefinition): Map<string, string> {
  const keys: KeyAttribute[] = [
    definition.partitionKey,
    ...definition.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return new Map(keys.map((key) => [key.name, key.type]));
}

test('the stack has exactly the tables of shared/tables.ts, each known to the route table', () => {
  expect(Object.keys(resources(dev.template, 'AWS::DynamoDB::Table'))).toHaveLength(
    tableDefinitions.length,
  );
  expect(new Set(Object.values(tableDefinitionsByKey))).toEqual(new Set(tableDefinitions));
});

describe.each(tableDefinitions.map((definition) => [definition.baseName, definition] as const))(
  '%s',
  (_, definition) => {
    test('keys and global indexes equal the shared definition', () => {
      const { Properties } = tableNamed(deployedTableName('dev', definition));
      expect(Properties.KeySchema).toEqual([
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      ]);
      expect(
        new Map(Properties.AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType])),
      ).toEqual(keyAttributes(definition));
      expect(Properties.GlobalSecondaryIndexes ?? []).toEqual(
        definition.globalIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
    });

    test('on-demand, point-in-time recovery, deletion protection, retained', () => {
      const table = tableNamed(deployedTableName('dev', definition));
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    });
  },
);

test('physical names are per stage, the names npm run audit/seed use for a deployed stage', () => {
  const deployed = Object.values(deployedTableNames('prod'));
  for (const definition of tableDefinitions) {
    expect(deployedTableName('prod', definition)).toBe(`prod_${definition.baseName}`);
    expect(deployed).toContain(deployedTableName('prod', definition));
  }
});
