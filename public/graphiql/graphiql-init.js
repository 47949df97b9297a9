/* GraphiQL for the hospital data gateway: everything is served by the gateway itself (no CDN),
   so it works on an air-gapped intranet. The token stays in this tab's sessionStorage only. */
(function () {
  'use strict';
  var STORAGE_KEY = 'hospital-gateway.token';
  var EXAMPLE = [
    '# 从科室到就诊、患者、检验、影像、费用和 DRG：一次请求，跨四个系统',
    '# Departments → encounters → patient, lab results, imaging, charges and DRG case:',
    '# one request across the HIS, LIS, PACS and finance systems.',
    'query CrossSystemWalk {',
    '  me { id roles departmentCodes }',
    '  department(code: "CARD") {',
    '    code name kind beds doctorCount',
    '    encounters(filter: { kind: INPATIENT }, first: 3) {',
    '      totalCount',
    '      edges {',
    '        node {',
    '          id admittedAt dischargedAt lengthOfStay',
    '          patient { id name gender birthDate }',
    '          diagnoses { type code name }',
    '          labOrders { panelName reportedAt results { analyteCode value unit abnormalFlag critical } }',
    '          imagingStudies { modality bodyPart performedAt findingPositive }',
    '          charges { category amount }',
    '          drgCase { drgCode drgName weight paymentStandard totalCost }',
    '        }',
    '      }',
    '      pageInfo { hasNextPage endCursor }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  var input = document.getElementById('token');
  var status = document.getElementById('token-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var generation = 0;

  function token() {
    return sessionStorage.getItem(STORAGE_KEY) || '';
  }

  function fetcher(params) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'omit' }).then(function (response) {
      if (response.status === 401) status.textContent = '令牌无效或已过期 Token refused';
      return response.json();
    });
  }

  function render() {
    generation += 1;
    status.textContent = token() ? '已使用令牌 Token set' : '请先粘贴令牌 Paste a token first';
    // A new key remounts GraphiQL, so that the schema is fetched again with the new token.
    root.render(React.createElement(GraphiQL, { key: generation, fetcher: fetcher, defaultQuery: EXAMPLE, defaultEditorToolsVisibility: true }));
  }

  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = input.value.trim().replace(/^Bearer\s+/i, '');
    if (value) sessionStorage.setItem(STORAGE_KEY, value);
    input.value = '';
    render();
  });
  document.getElementById('token-clear').addEventListener('click', function () {
    sessionStorage.removeItem(STORAGE_KEY);
    render();
  });
  render();
})();
