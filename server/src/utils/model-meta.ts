import type { Core } from '@strapi/strapi';

/** A link table of a relation, as Strapi's database metadata describes it. */
export interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

export interface AttributeMeta {
  type: string;
  columnName?: string;
  target?: string;
  joinTable?: JoinTableMeta;
}

export interface ModelMeta {
  tableName: string;
  attributes: Record<string, AttributeMeta>;
}

/**
 * Tables and columns of a model from Strapi's database metadata, for the queries written in knex (bulk
 * writes, covered reads): a column is named by its attribute, whatever the database calls it.
 */
export const modelMeta = (strapi: Core.Strapi) => {
  const meta = (uid: string): ModelMeta => strapi.db.metadata.get(uid as never) as unknown as ModelMeta;
  const column = (uid: string, attribute: string): string => meta(uid).attributes[attribute]?.columnName ?? attribute;
  const joinTable = (uid: string, attribute: string): JoinTableMeta => {
    const table = meta(uid).attributes[attribute]?.joinTable;
    if (!table) throw new Error(`${uid}.${attribute} has no join table`);
    return table;
  };
  return { meta, column, joinTable };
};
