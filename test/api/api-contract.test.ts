import { API_BASE_PATH } from '#infra/routes';
import { apiContract, type ObservedAnswer } from '#test/support/api-contract';

/** The checker the request helpers run on every answer: it must refuse what is not described. */
describe('API contract checker', () => {
  const contract = apiContract();
  const supply = (overrides: Partial<ObservedAnswer> & { body?: unknown } = {}): ObservedAnswer => {
    const { body, ...rest } = overrides;
    return {
      method: 'GET',
      path: `${API_BASE_PATH}/supply`,
      status: 200,
      headers: new Headers({
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      }),
      text: JSON.stringify(body ?? { totalAmount: 10, mintedAmount: 4, remainingAmount: 6 }),
      ...rest,
    };
  };

  it('accepts an answer the description declares', () => {
    expect(contract.violations(supply())).toEqual([]);
  });

  it('rejects a status the operation does not declare', () => {
    const violations = contract.violations(supply({ status: 418 }));

    expect(violations).toEqual([expect.stringContaining('status 418 is not declared')]);
  });

  it('rejects a header the response does not declare', () => {
    const headers = new Headers(supply().headers);
    headers.set('x-powered-by', 'express');

    expect(contract.violations(supply({ headers }))).toEqual([
      expect.stringContaining('header x-powered-by is not declared'),
    ]);
  });

  it('rejects a declared header with a value outside its schema', () => {
    const transfer = {
      ...supply(),
      method: 'POST',
      path: `${API_BASE_PATH}/transfer`,
      status: 201,
      headers: new Headers({ 'content-type': 'application/json', 'idempotent-replayed': 'maybe' }),
      text: '{}',
    };

    expect(contract.violations(transfer)).toContainEqual(
      expect.stringContaining('header idempotent-replayed: maybe does not match'),
    );
  });

  it('rejects a body of the wrong shape', () => {
    const violations = contract.violations(
      supply({ body: { totalAmount: 'lots', mintedAmount: 4, remainingAmount: 6 } }),
    );

    expect(violations).toEqual([expect.stringContaining('body/totalAmount must be integer')]);
  });

  it('rejects a field the schema does not declare', () => {
    const violations = contract.violations(
      supply({ body: { totalAmount: 10, mintedAmount: 4, remainingAmount: 6, secret: 1 } }),
    );

    expect(violations).toEqual([expect.stringContaining('must NOT have additional properties')]);
  });

  it('rejects an error code the status does not list', () => {
    const violations = contract.violations(
      supply({ status: 500, body: { error: { code: 'SUPPLY_EXHAUSTED', message: 'no' } } }),
    );

    expect(violations).toEqual([expect.stringContaining('body/error/code must be equal to one')]);
  });

  it('rejects a body that is not JSON or not of the declared media type', () => {
    const html = supply({ headers: new Headers({ 'content-type': 'text/html' }) });

    expect(contract.violations({ ...supply(), text: 'oops' })).toEqual([
      expect.stringContaining('the body is not JSON'),
    ]);
    expect(contract.violations(html)).toEqual([
      expect.stringContaining('Content-Type text/html is not one of application/json'),
    ]);
  });

  it('accepts only a JSON 404 for a path or method the description does not have', () => {
    const unknown = supply({ path: `${API_BASE_PATH}/nothing-here`, status: 200 });
    const notFound = supply({
      method: 'DELETE',
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No such endpoint' } },
    });

    expect(contract.violations(unknown)).toEqual([
      expect.stringContaining('not an operation, yet not 404'),
    ]);
    expect(contract.violations(notFound)).toEqual([]);
  });

  it('leaves answers outside the API alone (the page, the local stand-ins)', () => {
    expect(contract.violations(supply({ path: '/local/token', status: 418 }))).toEqual([]);
  });
});
